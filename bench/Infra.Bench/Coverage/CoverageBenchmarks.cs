using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using Infra.Geodata;
using Infra.Geodata.Scale;

namespace Infra.Bench.Coverage;

/// <summary>
/// Coverage at a scale, side by side in one run: the engine's full evaluation, a one-station incremental update, the
/// engine on stations alone, and a brute-force loop (every sampled place × every station) as the lower limit; <see cref="ReferenceBenchmarks"/>
/// runs the plain PostGIS join on the same data in the same run. In process: generating a national set takes a minute
/// and a few GB, which a process per benchmark would pay again each time.
/// </summary>
[Config(typeof(Config))]
public class CoverageBenchmarks
{
    /// <summary>Places the brute force runs on; its time is multiplied out to all places (and reported as such).</summary>
    public const int BruteForceSample = 10;

    private Village[] _sample = [];
    private CoverageInput _stationsOnly = null!;

    internal static readonly Dictionary<string, (DemoData Data, CoverageInput Input)> Loaded = [];
    private CoverageInput _input = null!;
    private CoverageResult _previous = null!;
    private CoverageInput _edited = null!;
    private IReadOnlyList<CoverageChange> _changes = [];

    [Params("province", "goal", "national")]
    public string Scale { get; set; } = "province";

    [GlobalSetup]
    public void Setup()
    {
        _input = Load(Scale).Input;
        var clock = Stopwatch.StartNew();
        _previous = CoverageEngine.Evaluate(_input, ScaleSpec.AsOf, CoverageOptions.Default);
        Console.WriteLine($"// {Scale}: first evaluation (place columns built once per list of places + evaluation) {clock.ElapsedMilliseconds} ms; " +
            $"managed heap {GC.GetTotalMemory(false) / 1e9:F2} GB");

        // One station moved 2 km: the edit a carrier makes most.
        var s = _input.Stations.Count / 2;
        var old = _input.Stations[s];
        var moved = new BaseStation(old.CarrierId, old.Code, old.Name, old.Lifecycle, Wgs84.Point(old.Location.X + 0.02, old.Location.Y + 0.005),
            old.Technology, old.OmniRadiusM, old.Sectors, old.AntennaHeightM);
        (_edited, _changes) = CoverageEdit.Replace(_input, s, moved);
        _sample = [.. Enumerable.Range(0, BruteForceSample).Select(i => _input.Villages[i * (_input.Villages.Count / BruteForceSample)])];
        _stationsOnly = _input with { AccessPoints = [], SwitchingNodes = [], Transmitters = [], FiberRoutes = [], Filings = [] };
        _ = CoverageEngine.Evaluate(_stationsOnly, ScaleSpec.AsOf, CoverageOptions.Default);
    }

    /// <summary>The generated set of a scale, kept while the same scale is asked for again.</summary>
    internal static (DemoData Data, CoverageInput Input) Load(string scale)
    {
        if (!Loaded.TryGetValue(scale, out var loaded))
        {
            // One scale in memory at a time: a national set and a goal set together would crowd 24 GB.
            Loaded.Clear();
            GC.Collect();
            var data = ScaleData.GenerateLogged(ScaleSpec.Named(scale), Console.Out);
            loaded = Loaded[scale] = (data, ScaleData.Input(data));
        }

        return loaded;
    }

    [Benchmark(Baseline = true, Description = "engine: full evaluation")]
    public CoverageResult Full() => CoverageEngine.Evaluate(_input, ScaleSpec.AsOf, CoverageOptions.Default);

    [Benchmark(Description = "engine: one station moved (incremental)")]
    public CoverageResult Incremental() => CoverageEngine.Update(_previous, _edited, _changes);

    [Benchmark(Description = "engine: full evaluation, stations only")]
    public CoverageResult StationsOnly() => CoverageEngine.Evaluate(_stationsOnly, ScaleSpec.AsOf, CoverageOptions.Default);

    /// <summary>
    /// The lower limit: every sampled place against every station with Vincenty, no index and no bounds (mobile only).
    /// Multiply by places / 10 for all places; compare with <see cref="StationsOnly"/>. (The domain's own
    /// <see cref="BruteForceCoverage"/> also measures every access point against every route, which at these scales
    /// does not finish in a benchmark's time.)
    /// </summary>
    [Benchmark(Description = "brute force: 10 places × every station (× places/10)")]
    public int BruteForce()
    {
        var options = CoverageOptions.Default;
        var served = 0;
        foreach (var place in _sample)
        {
            var covered = false;
            foreach (var station in _input.Stations)
            {
                if (!station.Lifecycle.InServiceOn(ScaleSpec.AsOf) || !options.MobileTechnologies.Contains(station.Technology))
                {
                    continue;
                }

                var (distance, bearing) = Geodesic.Inverse(station.Location.X, station.Location.Y, place.Location.X, place.Location.Y);
                covered |= CoverageRules.StationCovers(station, distance, bearing, options);
            }

            served += covered ? 1 : 0;
        }

        return served;
    }

    private sealed class Config : ManualConfig
    {
        // Few, long iterations: a national evaluation takes seconds.
        public Config() => InProcessJobs.Add(this, warmups: 1, iterations: 7);
    }
}

/// <summary>The job every coverage suite runs: in process (the data is generated once per scale), monitoring a few long iterations.</summary>
internal static class InProcessJobs
{
    public static void Add(ManualConfig config, int warmups, int iterations)
    {
        config.AddJob(Job.Default
            .WithToolchain(new InProcessEmitToolchain(TimeSpan.FromHours(6), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(warmups)
            .WithIterationCount(iterations));
        config.WithOptions(ConfigOptions.DisableOptimizationsValidator);
    }
}
