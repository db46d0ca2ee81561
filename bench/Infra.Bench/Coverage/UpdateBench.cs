using System.Diagnostics;
using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Hosting;
using Infra.Geodata;
using Infra.Geodata.Scale;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Infra.Bench.Coverage;

/// <summary>
/// The coverage service after a committed change, on the demo data in PostGIS: the incremental path (read the changed
/// records by id, apply them to the loaded network, <c>CoverageEngine.Update</c> each cached date) against a full reload
/// (read the whole network, evaluate each cached date again), for batches of 1 to 4,096 stations — the figures behind
/// <see cref="CoverageService.IncrementalLimit"/>.
/// </summary>
internal static class UpdateBench
{
    /// <summary>What plan progress keeps cached: the as-of date and the plan's year-ends.</summary>
    private static readonly DateOnly[] Dates = [new(2005, 12, 31), new(2006, 12, 31), new(2007, 12, 31), new(2008, 12, 31), new(2010, 12, 31)];

    public static async Task RunAsync(string? connection, int runs)
    {
        await using var database = await ScaleDatabase.OpenAsync(ScaleSpec.Prefecture with { Name = "demo" }, DemoGenerator.Generate(), connection, Console.Out);
        var services = new ServiceCollection()
            .AddDbContext<InfraDb>(o => o.UseNpgsql(database.ConnectionString, n => n.UseNetTopologySuite()).UseSnakeCaseNamingConvention()
                .AddInterceptors(new ActorSessionInterceptor(new Actor())))
            .BuildServiceProvider();
        var changes = new AssetChanges();
        var coverage = new CoverageService(services.GetRequiredService<IServiceScopeFactory>(), changes, NullLogger<CoverageService>.Instance);
        await WarmAsync(coverage);
        var network = await coverage.NetworkAsync();
        var stations = network.Input.Stations;
        Console.WriteLine($"demo: {network.Input.Villages.Count:N0} places, {stations.Count:N0} stations, {Dates.Length} cached dates; " +
            $"load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

        // Moving a station and back is a real edit: the row changes in PostGIS, the service reads it back and re-evaluates its reach.
        var moved = stations[stations.Count / 2];
        var (there, back) = (0.02, -0.02);
        var one = await MedianAsync(runs, async () =>
        {
            changes.Publish([new AssetChange("base-stations", moved.Id, moved.Location.EnvelopeInternal, moved.Location.EnvelopeInternal, 10_000)]);
            await WarmAsync(coverage);
        }, async () =>
        {
            await MoveAsync(database.ConnectionString, moved.Id, there);
            (there, back) = (back, there);
        });
        Console.WriteLine($"  one station moved 2 km in PostGIS, then every cached date updated: median {one:F1} ms");

        // Records read back unchanged, spread over the point layers and the filings: the work of a batch that size
        // (read by id, apply, re-evaluate every place in reach of each), whatever the edit was.
        var input = network.Input;
        List<AssetChange> pool = [
            .. input.Stations.Select(a => new AssetChange("base-stations", a.Id, a.Location.EnvelopeInternal, a.Location.EnvelopeInternal, 0)),
            .. input.AccessPoints.Select(a => new AssetChange("access-points", a.Id, a.Location.EnvelopeInternal, a.Location.EnvelopeInternal, 0)),
            .. input.SwitchingNodes.Select(a => new AssetChange("switching-nodes", a.Id, a.Location.EnvelopeInternal, a.Location.EnvelopeInternal, 0)),
            .. input.Filings.Select(f => new AssetChange("service-filings", f.Id, null, null, 0))];
        foreach (var size in new[] { 1, 100, 1_000, CoverageService.IncrementalLimit }.Where(n => n <= pool.Count))
        {
            var batch = Enumerable.Range(0, size).Select(i => pool[(int)((long)i * pool.Count / size)]).ToList();
            var incremental = await MedianAsync(runs, async () =>
            {
                changes.Publish(batch);
                await WarmAsync(coverage);
            });
            Console.WriteLine($"  batch of {size,5:N0} records (stations, access points, exchanges, filings), incremental: median {incremental,7:F1} ms");
        }

        var reload = await MedianAsync(runs, async () =>
        {
            changes.Publish([.. Enumerable.Range(0, CoverageService.IncrementalLimit + 1).Select(i => new AssetChange("base-stations", i, null, null, 0))]);
            await WarmAsync(coverage);
        });
        Console.WriteLine($"  full reload (read the network, evaluate every cached date): median {reload:F1} ms");
        Console.WriteLine($"  one-station update / full reload = 1 / {reload / one:F0}; service counted {coverage.ChangeCounts.Incremental:N0} incremental batches, " +
            $"{coverage.ChangeCounts.Reloads:N0} reloads; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
    }

    private static async Task WarmAsync(CoverageService coverage)
    {
        foreach (var date in Dates)
        {
            _ = (await coverage.GetAsync(date, CancellationToken.None)).Summary;
        }
    }

    private static async Task MoveAsync(string connectionString, long id, double dLon)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        // As an admin would (row-level security is forced on the owner too); the history trigger records it.
        await using var cmd = new NpgsqlCommand("SELECT set_config('infra.role', 'admin', false); " +
            "UPDATE base_stations SET location = ST_Translate(location, @d, 0) WHERE id = @id", conn);
        cmd.Parameters.AddWithValue("d", dLon);
        cmd.Parameters.AddWithValue("id", id);
        if (await cmd.ExecuteNonQueryAsync() == 0)
        {
            throw new InvalidOperationException($"Station {id} was not moved.");
        }
    }

    /// <summary>The median time of <paramref name="run"/>, after one untimed run; <paramref name="prepare"/> runs untimed before each.</summary>
    private static async Task<double> MedianAsync(int runs, Func<Task> run, Func<Task>? prepare = null)
    {
        await (prepare?.Invoke() ?? Task.CompletedTask);
        await run();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await (prepare?.Invoke() ?? Task.CompletedTask);
            var clock = Stopwatch.StartNew();
            await run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
