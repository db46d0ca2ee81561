using System.CommandLine;
using System.Diagnostics;
using BenchmarkDotNet.Running;
using Infra.Api.Coverage;
using Infra.Domain.Coverage;
using Infra.Geodata.Scale;
using Npgsql;

namespace Infra.Bench;

/// <summary>
/// The bench verbs: time the engine in process, load a generated scale into PostGIS, compare the engine with the
/// PostGIS reference, run the BenchmarkDotNet suites, and serve the constant JSON the wrk comparison needs.
/// </summary>
public static class BenchCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        // BenchmarkDotNet parses its own arguments (--filter, --list…).
        if (args.Length > 0 && args[0] == "bench")
        {
            BenchmarkSwitcher.FromAssembly(typeof(BenchCli).Assembly).Run(args[1..]);
            return 0;
        }

        var root = new RootCommand("Infra benchmarks and the scale data generator (bench/Infra.Bench).");
        var scale = new Option<string>("--scale") { Description = "prefecture, province, goal (1 M villages × 100 k stations) or national", DefaultValueFactory = _ => "province" };
        var runs = new Option<int>("--runs") { Description = "How many timed evaluations", DefaultValueFactory = _ => 7 };
        var connection = new Option<string?>("--connection") { Description = "A PostgreSQL/PostGIS database to use (its owner role); default: a private cluster under .infra/bench" };

        var time = new Command("time", "Generate a scale in memory and time full evaluations and a one-station update (medians).") { scale, runs };
        time.SetAction(r => Time(ScaleSpec.Named(r.GetValue(scale)!), r.GetValue(runs)));
        var load = new Command("load", "Generate a scale and load it into PostGIS with binary COPY (migrating the database first).") { scale, connection };
        load.SetAction(async (r, _) =>
        {
            await using var db = await ScaleDatabase.OpenAsync(ScaleSpec.Named(r.GetValue(scale)!), null, r.GetValue(connection), Console.Out);
            Console.WriteLine($"ready: {db.ConnectionString.Split(';').Where(p => !p.StartsWith("Password", StringComparison.OrdinalIgnoreCase)).Aggregate((a, b) => a + ";" + b)}");
        });
        var reference = new Command("reference", "Run the engine and the PostGIS reference on the same scale and compare every place and service.") { scale, connection, runs };
        reference.SetAction(async (r, _) => await Reference(ScaleSpec.Named(r.GetValue(scale)!), r.GetValue(connection), r.GetValue(runs)));
        var bare = new Command("bare", "Serve a constant JSON document of --bytes bytes at GET /bare (the wrk baseline).")
        {
            new Option<string>("--urls") { DefaultValueFactory = _ => "http://127.0.0.1:5091" },
            new Option<int>("--bytes") { DefaultValueFactory = _ => 2_000 },
        };
        bare.SetAction(async (r, ct) => await BareKestrel.RunAsync(r.GetValue<string>("--urls")!, r.GetValue<int>("--bytes"), ct));
        var profile = new Command("profile", "Where a full evaluation spends its time (index build, place pass; wall and CPU) per asset kind.") { scale };
        profile.SetAction(r => Profile.Run(ScaleSpec.Named(r.GetValue(scale)!)));
        var update = new Command("coverage-update", "The coverage service after a change on the demo data in PostGIS: incremental update vs full reload.") { connection, runs };
        update.SetAction(async (r, _) => await Coverage.UpdateBench.RunAsync(r.GetValue(connection), r.GetValue(runs)));
        root.Subcommands.Add(update);
        var scales = new Option<string>("--scales") { Description = "zhumadian (the demo data: siting and fiber) and/or a generated scale (siting)", DefaultValueFactory = _ => "zhumadian,province" };
        var planning = new Command("planning", "Station siting and fiber extension: times, quality against the bounds, and baselines in the same run.") { scales, runs };
        planning.SetAction(r =>
        {
            foreach (var s in r.GetValue(scales)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Planning.PlanningBench.Run(s, r.GetValue(runs));
            }
        });
        root.Subcommands.Add(planning);
        root.Subcommands.Add(time);
        root.Subcommands.Add(profile);
        root.Subcommands.Add(load);
        root.Subcommands.Add(reference);
        root.Subcommands.Add(bare);
        root.Subcommands.Add(new Command("bench", "Run the BenchmarkDotNet suites: bench --filter '*Coverage*' (BenchmarkDotNet's own options)."));
        return await root.Parse(args).InvokeAsync();
    }

    private static void Time(ScaleSpec spec, int runs)
    {
        var data = ScaleData.GenerateLogged(spec, Console.Out);
        var input = ScaleData.Input(data);
        var clock = Stopwatch.StartNew();
        var result = CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default);
        Console.WriteLine($"first evaluation (builds the place columns once) {clock.ElapsedMilliseconds} ms; managed heap {GC.GetTotalMemory(false) / 1e9:F2} GB");
        var full = Median(runs, () => CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default));
        var stationsOnly = input with { AccessPoints = [], SwitchingNodes = [], Transmitters = [], FiberRoutes = [], Filings = [] };
        _ = CoverageEngine.Evaluate(stationsOnly, ScaleSpec.AsOf, CoverageOptions.Default);
        var mobile = Median(runs, () => CoverageEngine.Evaluate(stationsOnly, ScaleSpec.AsOf, CoverageOptions.Default));
        var s = input.Stations.Count / 2;
        var old = input.Stations[s];
        var moved = new Infra.Domain.Assets.BaseStation(old.CarrierId, old.Code, old.Name, old.Lifecycle,
            Infra.Domain.Geo.Wgs84.Point(old.Location.X + 0.02, old.Location.Y + 0.005), old.Technology, old.OmniRadiusM, old.Sectors, old.AntennaHeightM);
        var (edited, changes) = CoverageEdit.Replace(input, s, moved);
        var updated = CoverageEngine.Update(result, edited, changes);
        var incremental = Median(Math.Max(runs, 21), () => CoverageEngine.Update(result, edited, changes));
        Console.WriteLine($"{spec.Name}: {input.Villages.Count:N0} places, {input.Stations.Count:N0} stations; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  full evaluation, all six services: median {full:F0} ms");
        Console.WriteLine($"  full evaluation, stations only (mobile + phone): median {mobile:F0} ms");
        Console.WriteLine($"  one station moved 2 km (incremental, {updated.Reevaluated.Count} places re-evaluated): median {incremental:F2} ms");
    }

    private static async Task Reference(ScaleSpec spec, string? connection, int runs)
    {
        var data = ScaleData.GenerateLogged(spec, Console.Out);
        var input = ScaleData.Input(data);
        await using var db = await ScaleDatabase.OpenAsync(spec, data, connection, Console.Out);
        var result = CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default);
        var engine = Median(runs, () => CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default));

        await using var conn = new NpgsqlConnection(db.ConnectionString);
        await conn.OpenAsync();
        var sql = await ReferenceCoverageSql.EvaluateAsync(conn, ScaleSpec.AsOf, CoverageOptions.Default, CancellationToken.None);
        var differences = 0;
        for (var v = 0; v < input.Villages.Count; v++)
        {
            var bases = sql.Bases[input.Villages[v].Code];
            for (var slot = 0; slot < CoverageRules.VillageServices.Count; slot++)
            {
                if (result.Bases(v, CoverageRules.VillageServices[slot]) != bases[slot] && differences++ < 10)
                {
                    Console.WriteLine($"  differs: {input.Villages[v].Code} {CoverageRules.VillageServices[slot]}: engine {result.Bases(v, CoverageRules.VillageServices[slot])}, PostGIS {bases[slot]}");
                }
            }
        }

        Console.WriteLine($"{spec.Name}: {input.Villages.Count:N0} places × 6 services; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  engine full evaluation: median {engine:F0} ms");
        Console.WriteLine($"  PostGIS: geography copies + indexes {sql.Prepare.TotalMilliseconds:F0} ms, join {sql.Join.TotalMilliseconds:F0} ms");
        Console.WriteLine($"  join / engine = {sql.Join.TotalMilliseconds / engine:F0}×; (copies + join) / engine = {(sql.Prepare + sql.Join).TotalMilliseconds / engine:F0}×");
        Console.WriteLine($"  places × services that differ: {differences}");
    }

    internal static double Median(int runs, Action run)
    {
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }
}
