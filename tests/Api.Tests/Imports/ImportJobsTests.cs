using Infra.Api.Features.Imports;
using Infra.Api.Tests.Writes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Infra.Api.Tests.Imports;

/// <summary>Finished imports are kept for an hour, then forgotten, so a long-running server's job list does not grow without end.</summary>
public class ImportJobsTests(PostGis pg)
{
    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task A_finished_import_is_kept_an_hour_and_then_evicted()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        var jobs = new ImportJobs(w.App.Services.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<ImportJobs>.Instance);
        var missing = Path.Combine(Path.GetTempPath(), $"infra-missing-{Guid.NewGuid():N}.csv");

        var first = jobs.Start(new ImportRequest(missing, "missing.csv", "cmcc", "base-stations"), null, null, null);
        await jobs.WaitAsync(first);
        Assert.Equal("failed", jobs.Find(first)!.Status);

        clock.Now = clock.Now.AddMinutes(59);
        var second = jobs.Start(new ImportRequest(missing, "missing.csv", "cmcc", "base-stations"), null, null, null);
        await jobs.WaitAsync(second);
        Assert.NotNull(jobs.Find(first));

        clock.Now = clock.Now.AddMinutes(2);
        var third = jobs.Start(new ImportRequest(missing, "missing.csv", "cmcc", "base-stations"), null, null, null);
        await jobs.WaitAsync(third);
        Assert.Null(jobs.Find(first));
        Assert.NotNull(jobs.Find(second));
        Assert.NotNull(jobs.Find(third));
    }
}
