using System.Diagnostics;
using Infra.Api.Data;
using Infra.Api.Hosting;
using Infra.Geodata;
using Infra.Geodata.Scale;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Infra.Bench;

/// <summary>
/// A PostGIS database holding a generated scale: the one named by a connection string, or one in a private cluster
/// under <c>.infra/bench</c> that is kept between runs (loading a national set takes minutes). Migrated with Infra's
/// own migrations and loaded with the demo loader's binary COPY, so tile and report benchmarks can use it as well.
/// </summary>
public sealed class ScaleDatabase : IAsyncDisposable
{
    private readonly PrivateCluster? _cluster;

    private ScaleDatabase(string connectionString, PrivateCluster? cluster) => (ConnectionString, _cluster) = (connectionString, cluster);

    public string ConnectionString { get; }

    /// <summary>Opens (creating, migrating and loading when needed) the database of a scale; says what it did on <paramref name="log"/>.</summary>
    public static async Task<ScaleDatabase> OpenAsync(ScaleSpec spec, DemoData? data, string? connectionString, TextWriter log)
    {
        PrivateCluster? cluster = null;
        if (connectionString is null)
        {
            var dir = Path.Combine(RepoRoot(), ".infra", "bench");
            cluster = await PrivateCluster.StartAsync(dir, NullLogger.Instance, CancellationToken.None);
            var name = $"scale_{spec.Name}";
            await using var conn = new NpgsqlConnection(cluster.SuperuserConnectionStringFor("postgres"));
            await conn.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", conn);
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await cluster.CreateDatabaseAsync(name, null, CancellationToken.None);
            }

            connectionString = cluster.ConnectionStringFor(name);
        }

        // Loading and the reference join at national scale run for minutes: no command timeout.
        connectionString = new NpgsqlConnectionStringBuilder(connectionString) { CommandTimeout = 0 }.ConnectionString;
        var database = new ScaleDatabase(connectionString, cluster);
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        var fingerprint = await db.DataSets.Select(d => d.Fingerprint).FirstOrDefaultAsync();
        if (fingerprint is not null)
        {
            log.WriteLine($"database already holds {fingerprint}");
            return database;
        }

        data ??= ScaleData.GenerateLogged(spec, log);
        var clock = Stopwatch.StartNew();
        await DemoLoader.LoadAsync(db, data, NullLogger.Instance, CancellationToken.None, $"Generated {spec.Name}-scale data (bench/)",
            "Synthetic places and network at a scale of DESIGN §6, from geodata/Scale; not real places or assets.");
        log.WriteLine($"loaded {spec.Name} into PostGIS with binary COPY in {clock.Elapsed.TotalSeconds:F1} s");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }
    }

    private static InfraDb Context(string connectionString) => new(new DbContextOptionsBuilder<InfraDb>()
        .UseNpgsql(connectionString, o => o.UseNetTopologySuite())
        .UseSnakeCaseNamingConvention()
        .AddInterceptors(new ActorSessionInterceptor(new Actor()))
        .Options);

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Infra.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
