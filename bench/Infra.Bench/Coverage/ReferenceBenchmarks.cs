using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Infra.Api.Coverage;
using Infra.Domain.Coverage;
using Infra.Geodata.Scale;
using Npgsql;

namespace Infra.Bench.Coverage;

/// <summary>
/// The plain PostGIS join (<see cref="ReferenceCoverageSql"/>) at prefecture scale (the province is compared by the
/// <c>reference</c> verb: one join runs for many minutes) on the database named by INFRA_BENCH_PG_{SCALE} (or a
/// private cluster under .infra/bench, loaded on first use), next to the engine on the same generated data. One
/// iteration each: the join runs for minutes. Its two steps (geography copies with indexes, then the join) are
/// printed separately; the ratio in docs/PERFORMANCE.md uses the join alone, the part most favourable to PostGIS.
/// </summary>
[Config(typeof(Config))]
public class ReferenceBenchmarks
{
    private CoverageInput _input = null!;
    private ScaleDatabase _database = null!;

    [Params("prefecture")]
    public string Scale { get; set; } = "province";

    [GlobalSetup]
    public void Setup()
    {
        var (data, input) = CoverageBenchmarks.Load(Scale);
        _input = input;
        _ = CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default); // JIT and place columns, as in CoverageBenchmarks' warm-up
        _database = ScaleDatabase.OpenAsync(ScaleSpec.Named(Scale), data,
            Environment.GetEnvironmentVariable($"INFRA_BENCH_PG_{Scale.ToUpperInvariant()}"), Console.Out).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _database.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "engine: full evaluation")]
    public CoverageResult Engine() => CoverageEngine.Evaluate(_input, ScaleSpec.AsOf, CoverageOptions.Default);

    [Benchmark(Description = "PostGIS: geography copies + ST_DWithin join")]
    public ReferenceResult Reference()
    {
        using var conn = new NpgsqlConnection(_database.ConnectionString);
        conn.Open();
        var result = ReferenceCoverageSql.EvaluateAsync(conn, ScaleSpec.AsOf, CoverageOptions.Default, CancellationToken.None).GetAwaiter().GetResult();
        Console.WriteLine($"// PostGIS {Scale}: prepare {result.Prepare.TotalSeconds:F1} s, join {result.Join.TotalSeconds:F1} s");
        return result;
    }

    private sealed class Config : ManualConfig
    {
        public Config() => InProcessJobs.Add(this, warmups: 0, iterations: 1);
    }
}
