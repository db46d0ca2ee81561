using System.Collections.Concurrent;
using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain.Access;

namespace Infra.Api.Features.Imports;

/// <summary>An import's state on the wire.</summary>
public sealed record ImportJobDto(string Id, string Status, string Phase, string File, string Carrier, string? Layer, bool DryRun,
    ImportCounts Progress, ImportResult? Result, object? Problem, DateTimeOffset CreatedAt, DateTimeOffset? FinishedAt);

public sealed record ImportCounts(long RowsRead, long RowsValidated, long RowsWritten);

/// <summary>
/// Imports run in the background, one at a time (they are I/O- and CPU-heavy and the database serialises
/// writers to the same codes anyway); their state lives in memory for <see cref="Jobs.JobRetention.Keep"/> after an import ends
/// (as planning jobs are) and is lost on restart — the change log, not the job
/// list, is the durable record of what an import did.
/// </summary>
public sealed class ImportJobs(IServiceScopeFactory scopes, TimeProvider clock, ILogger<ImportJobs> log)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new();
    private readonly SemaphoreSlim _one = new(1, 1);

    private sealed class Job(string id, ImportRequest request, DateTimeOffset created)
    {
        public string Id { get; } = id;

        public ImportRequest Request { get; } = request;

        public DateTimeOffset Created { get; } = created;

        public string Status { get; set; } = "queued";

        public ImportProgress Progress { get; set; } = new();

        public ImportResult? Result { get; set; }

        public IReadOnlyList<FieldError>? Errors { get; set; }

        public DateTimeOffset? Finished { get; set; }

        public Task? Running { get; set; }
    }

    /// <summary>Queues an import that runs as <paramref name="keyId"/>/<paramref name="role"/> (history and row-level security see that key).</summary>
    public string Start(ImportRequest request, int? keyId, Role? role, short? carrierId)
    {
        var now = clock.GetUtcNow();
        Jobs.JobRetention.Sweep(_jobs, j => j.Finished, now);
        var id = Guid.NewGuid().ToString("N");
        var job = new Job(id, request, now);
        _jobs[id] = job;
        job.Running = Task.Run(() => RunAsync(job, keyId, role, carrierId));
        return id;
    }

    /// <summary>Waits for a job to finish (tests and the CLI's in-process use).</summary>
    public Task WaitAsync(string id) => _jobs.TryGetValue(id, out var job) && job.Running is { } t ? t : Task.CompletedTask;

    public ImportJobDto? Find(string id) => _jobs.TryGetValue(id, out var j) ? Dto(j) : null;

    private async Task RunAsync(Job job, int? keyId, Role? role, short? carrierId)
    {
        await _one.WaitAsync();
        try
        {
            job.Status = "running";
            await using var scope = scopes.CreateAsyncScope();
            var actor = scope.ServiceProvider.GetRequiredService<Actor>();
            if (role is { } r && keyId is { } k)
            {
                actor.AsKey(k, r, carrierId);
            }
            else
            {
                actor.AsSystem();
            }

            actor.RequestId = job.Id;
            var importer = scope.ServiceProvider.GetRequiredService<Importer>();
            importer.JobId = job.Id;
            job.Progress = importer.Progress;
            job.Result = await importer.RunAsync(job.Request, CancellationToken.None);
            job.Status = "succeeded";
        }
        catch (ImportFailed e)
        {
            job.Errors = e.Errors;
            job.Status = "failed";
            job.Progress.Phase = "refused: nothing was written";
        }
#pragma warning disable CA1031 // A background job must record any failure on the job, where its caller looks, instead of dying silently.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "Import {Job} failed", job.Id);
            job.Errors = [new FieldError("file", $"The import failed unexpectedly and wrote nothing ({e.GetType().Name}: {e.Message}).")];
            job.Status = "failed";
        }
        finally
        {
            job.Finished = clock.GetUtcNow();
            File.Delete(job.Request.FilePath);
            _one.Release();
        }
    }

    private static ImportJobDto Dto(Job j) => new(j.Id, j.Status, j.Progress.Phase, j.Request.FileName, j.Request.Carrier, j.Request.Layer ?? j.Result?.Layer,
        j.Request.DryRun, new ImportCounts(j.Progress.RowsRead, j.Progress.RowsValidated, j.Progress.RowsWritten), j.Result,
        j.Errors is null ? null : Problem(j.Errors), j.Created, j.Finished);

    /// <summary>RFC 9457 problem details listing every bad row (row, field, reason).</summary>
    public static object Problem(IReadOnlyList<FieldError> errors) => new Dictionary<string, object?>
    {
        ["type"] = "https://datatracker.ietf.org/doc/html/rfc9110#section-15.5.1",
        ["title"] = "The import was refused; nothing was written.",
        ["status"] = StatusCodes.Status400BadRequest,
        ["detail"] = errors.Count == 1 ? $"{(errors[0].Row is { } r ? $"row {r}, " : "")}{errors[0].Field}: {errors[0].Message}"
            : $"{errors.Count} problems in {errors.Select(e => e.Row).Distinct().Count()} rows; see errors.",
        ["errors"] = errors,
    };
}
