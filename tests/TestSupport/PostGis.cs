using System.Diagnostics;
using Infra.Api.Data;
using Infra.Api.Hosting;
using Infra.Geodata;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Infra.TestSupport;

/// <summary>
/// One real, throwaway PostgreSQL + PostGIS cluster for the whole run (initdb + pg_ctl on a free loopback
/// port, the same code Infra uses for its private cluster). Two template databases are prepared once —
/// migrated and empty, and migrated with the demo data — and each test that writes gets its own copy.
/// A suite uses it with <c>[assembly: AssemblyFixture(typeof(PostGis))]</c>.
/// </summary>
public sealed class PostGis : IAsyncLifetime
{
    public const string EmptyTemplate = "infra_empty";
    public const string DemoTemplate = "infra_demo_template";
    private readonly SemaphoreSlim _creating = new(1, 1);
    private int _databases;
    private PrivateCluster? _cluster;

    public PrivateCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>A database with the demo data that no test writes to.</summary>
    public string SharedDemo { get; private set; } = "";

    public DemoData Demo { get; private set; } = null!;

    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), $"infra-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);

    public async ValueTask InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _cluster = await PrivateCluster.StartAsync(DataDir, NullLogger.Instance, CancellationToken.None, ephemeral: true);
        await _cluster.CreateDatabaseAsync(EmptyTemplate, null, CancellationToken.None);
        await using (var db = Context(Unpooled(EmptyTemplate)))
        {
            await db.Database.MigrateAsync();
        }

        NpgsqlConnection.ClearAllPools();
        await Cluster.CreateDatabaseAsync(DemoTemplate, EmptyTemplate, CancellationToken.None);
        Demo = DemoGenerator.Generate();
        await using (var db = Context(Unpooled(DemoTemplate)))
        {
            await DemoLoader.LoadAsync(db, Demo, NullLogger.Instance, CancellationToken.None);
        }

        NpgsqlConnection.ClearAllPools();
        SharedDemo = await NewDatabaseAsync(withDemo: true);
        Console.WriteLine($"PostGIS fixture ready in {clock.ElapsedMilliseconds} ms");
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_cluster is not null)
        {
            await _cluster.StopAsync();
        }

        _creating.Dispose();
    }

    /// <summary>Templates must have no open sessions when copied, so the fixture never pools connections to them.</summary>
    private string Unpooled(string database) =>
        new NpgsqlConnectionStringBuilder(Cluster.ConnectionStringFor(database)) { Pooling = false }.ConnectionString;

    /// <summary>A fresh database of this test's own, copied from a template; returns the application role's connection string.</summary>
    public async Task<string> NewDatabaseAsync(bool withDemo)
    {
        var name = $"t{Interlocked.Increment(ref _databases)}";
        await _creating.WaitAsync();
        try
        {
            // PostgreSQL copies a template only while nobody else is using it: one copy at a time.
            await Cluster.CreateDatabaseAsync(name, withDemo ? DemoTemplate : EmptyTemplate, CancellationToken.None);
        }
        finally
        {
            _creating.Release();
        }

        // Each test database gets its own pool; idle connections are closed after a few seconds so finished
        // tests do not keep the cluster's connection slots.
        return new NpgsqlConnectionStringBuilder(Cluster.ConnectionStringFor(name)) { ConnectionIdleLifetime = 5, ConnectionPruningInterval = 1 }
            .ConnectionString;
    }

    /// <summary>A count or other whole number the SQL returns, read on a connection of its own.</summary>
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static InfraDb Context(string connectionString, Actor? actor = null) => new(new DbContextOptionsBuilder<InfraDb>()
        .UseNpgsql(connectionString, o => o.UseNetTopologySuite())
        .UseSnakeCaseNamingConvention()
        .AddInterceptors(new ActorSessionInterceptor(actor ?? new Actor()))
        .Options);

    /// <summary>The real web app (WebApplicationFactory over Program) on the given database.</summary>
    public static WebApplicationFactory<Program> App(string connectionString) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
            .UseSetting("ConnectionStrings:Infra", connectionString)
            .UseSetting("Infra:LoadDemoOnFirstStart", "false"));
}
