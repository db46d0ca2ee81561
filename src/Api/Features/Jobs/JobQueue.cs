using System.Collections.Concurrent;
using Infra.Api.Http;
using Infra.Domain;

namespace Infra.Api.Features.Jobs;

/// <summary>A long run's state on the wire; <c>result</c> appears when it succeeded, <c>problem</c> when it failed.</summary>
public sealed record JobDto(string Id, string Kind, string Status, string Phase, double Progress, DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt, object? Result, object? Problem)
{
    public IReadOnlyDictionary<string, string> Links => new Dictionary<string, string>
    {
        ["self"] = $"/api/jobs/{Id}",
        ["cancel"] = $"/api/jobs/{Id}/cancel",
    };
}

/// <summary>What a running job tells its watchers.</summary>
public sealed class JobProgress
{
    private double _fraction;

    public string Phase { get; private set; } = "queued";

    public double Fraction => Volatile.Read(ref _fraction);

    public void Report(string phase, double fraction)
    {
        Phase = phase;
        Volatile.Write(ref _fraction, Math.Clamp(fraction, 0, 1));
    }
}

/// <summary>
/// Long runs (planning optimisations) in the background with progress and cancellation. State lives in memory
/// for an hour after a job ends and is lost on restart: a job's durable outcome is what it saved (a scenario).
/// Bad parameters are refused before a job starts; a job that fails later records its problem on the job.
/// </summary>
public sealed class JobQueue(TimeProvider clock, ILogger<JobQueue> log)
{
    private readonly ConcurrentDictionary<string, Job> _jobs = new();

    private sealed class Job(string id, string kind, DateTimeOffset created)
    {
        public string Id { get; } = id;

        public string Kind { get; } = kind;

        public DateTimeOffset Created { get; } = created;

        public CancellationTokenSource Cancel { get; } = new();

        /// <summary>Guards the moment a job ends against a cancel arriving at that moment (see <see cref="JobQueue.Cancel"/>).</summary>
        public Lock Gate { get; } = new();

        public bool CancelAccepted { get; set; }

        public JobProgress Progress { get; } = new();

        public string Status { get; set; } = "queued";

        public object? Result { get; set; }

        public object? Problem { get; set; }

        public DateTimeOffset? Finished { get; set; }

        public Task Running { get; set; } = Task.CompletedTask;
    }

    public string Start(string kind, Func<JobProgress, CancellationToken, Task<object>> work)
    {
        Sweep();
        var job = new Job(Guid.NewGuid().ToString("N"), kind, clock.GetUtcNow());
        _jobs[job.Id] = job;
        job.Running = Task.Run(() => RunAsync(job, work));
        return job.Id;
    }

    public JobDto? Find(string id) => _jobs.TryGetValue(id, out var j) ? Dto(j) : null;

    /// <summary>Waits for a job to end (the CLI runs jobs in process; tests use it too).</summary>
    public async Task<JobDto?> WaitAsync(string id, CancellationToken ct)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return null;
        }

        await job.Running.WaitAsync(ct);
        return Dto(job);
    }

    /// <summary>
    /// Cancels a queued or running job; false when it has ended. A cancel that is accepted always wins: a job whose work
    /// finishes while the cancel arrives ends cancelled, without its result, so a caller told 202 never finds it succeeded.
    /// </summary>
    public bool Cancel(string id)
    {
        if (!_jobs.TryGetValue(id, out var job))
        {
            return false;
        }

        lock (job.Gate)
        {
            if (job.Status is not ("queued" or "running"))
            {
                return false;
            }

            job.CancelAccepted = true;
        }

        job.Cancel.Cancel();
        return true;
    }

    private async Task RunAsync(Job job, Func<JobProgress, CancellationToken, Task<object>> work)
    {
        try
        {
            job.Status = "running";
            job.Progress.Report("running", 0);
            var result = await work(job.Progress, job.Cancel.Token);
            lock (job.Gate)
            {
                if (job.CancelAccepted)
                {
                    job.Status = "cancelled";
                    return;
                }

                job.Result = result;
                job.Status = "succeeded";
            }

            job.Progress.Report("done", 1);
        }
        catch (Exception) when (job.CancelAccepted)
        {
            // However the work stopped once cancelled (a cancellation exception, or a database command cut short), it was cancelled.
            job.Status = "cancelled";
        }
        catch (DomainException e)
        {
            job.Status = "failed";
            job.Problem = new { status = 400, title = "The job's input is not valid.", detail = $"{e.Field}: {e.Message}", errors = new[] { new FieldError(e.Field, e.Message) } };
        }
#pragma warning disable CA1031 // A background job records any failure on the job, where its caller looks, instead of dying unseen.
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogError(e, "Job {Id} ({Kind}) failed", job.Id, job.Kind);
            job.Status = "failed";
            job.Problem = new { status = 500, title = "The job failed.", detail = $"{e.GetType().Name}: {e.Message}" };
        }
        finally
        {
            job.Finished = clock.GetUtcNow();
        }
    }

    private void Sweep() => JobRetention.Sweep(_jobs, j => j.Finished, clock.GetUtcNow(), j => j.Cancel.Dispose());

    private static JobDto Dto(Job j) => new(j.Id, j.Kind, j.Status, j.Progress.Phase, Math.Round(j.Progress.Fraction, 3), j.Created, j.Finished,
        j.Result, j.Problem);
}

/// <summary>How long a finished background job (planning or import) stays where its caller looks, and the sweep that forgets it after.</summary>
public static class JobRetention
{
    public static readonly TimeSpan Keep = TimeSpan.FromHours(1);

    /// <summary>Drops the jobs that finished more than <see cref="Keep"/> before <paramref name="now"/>.</summary>
    public static void Sweep<TJob>(ConcurrentDictionary<string, TJob> jobs, Func<TJob, DateTimeOffset?> finished, DateTimeOffset now, Action<TJob>? removed = null)
    {
        foreach (var (id, job) in jobs)
        {
            if (finished(job) is { } f && now - f > Keep && jobs.TryRemove(id, out var gone))
            {
                removed?.Invoke(gone);
            }
        }
    }
}
