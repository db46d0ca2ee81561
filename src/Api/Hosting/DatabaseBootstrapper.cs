using System.Diagnostics;
using System.Reflection;
using Infra.Api.Data;
using Infra.Geodata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Infra.Api.Hosting;

/// <summary>
/// Runs before the server listens: starts (or joins) the private cluster when no connection string is
/// configured, applies migrations, loads the demo data on first start only, and on shutdown stops the
/// cluster it started.
/// </summary>
public sealed class DatabaseBootstrapper(
    DatabaseEndpoint endpoint,
    IOptions<InfraOptions> options,
    IServiceScopeFactory scopes,
    ILogger<DatabaseBootstrapper> log) : IHostedService
{
    private PrivateCluster? _cluster;

    /// <summary>
    /// Set false by the CLI verbs that need the schema but neither the demo data nor EF Core's model built ahead of use
    /// (import, export, migrate, key). A web host builds the model here, before it listens, not on its first request.
    /// </summary>
    public bool LoadDemo { get; set; } = true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!endpoint.IsConfigured)
        {
            _cluster = await PrivateCluster.StartAsync(o.DataDir, log, cancellationToken);
            endpoint.UsePrivateCluster(_cluster.ConnectionString);
        }

        // Whether anything is pending is asked on a plain connection: a CLI verb on a current schema is spared building
        // EF's model (0.6–0.8 s).
        var (applied, bypassesRls) = await DatabaseStateAsync(cancellationToken);
        var pending = o.MigrateOnStart ? KnownMigrations.Where(m => !applied.Contains(m)).ToList() : [];
        if (pending.Count > 0 || LoadDemo)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
            if (pending.Count > 0)
            {
                await MigrateAsync(db, pending, cancellationToken);
            }

            if (LoadDemo && o.LoadDemoOnFirstStart && !await db.DataSets.AnyAsync(cancellationToken))
            {
                var clock = Stopwatch.StartNew();
                var data = DemoGenerator.Generate();
                log.LogInformation("Generated the demo data in {Ms} ms (fingerprint {Fingerprint})", clock.ElapsedMilliseconds, data.Fingerprint[..12]);
                await DemoLoader.LoadAsync(db, data, log, cancellationToken);
            }

            _ = db.Model; // built now, if nothing above has built it
        }

        endpoint.RowLevelSecurityEnforced = !bypassesRls;
        if (bypassesRls)
        {
            log.LogWarning("The database role bypasses row-level security (superuser or BYPASSRLS): carrier isolation is enforced only by the handlers. Connect as an ordinary role.");
        }
    }

    /// <summary>
    /// The ids of the migrations this build holds, found as EF Core's migrations assembly finds them (a
    /// <see cref="Migration"/> with <see cref="MigrationAttribute"/> and the context's <see cref="DbContextAttribute"/>).
    /// </summary>
    internal static IReadOnlyList<string> KnownMigrations { get; } = typeof(InfraDb).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(InfraDb))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToList();

    private async Task MigrateAsync(InfraDb db, List<string> pending, CancellationToken ct)
    {
        // The history table is created first (CREATE TABLE IF NOT EXISTS): on an empty database EF finds out that it is
        // missing by querying it, and logs each failed query as an error a first start would show.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), ct);
        log.LogInformation("Applying {Count} migration(s): {Names}", pending.Count, string.Join(", ", pending));
        // A migration may fill a table from every row of a large data set (the stored station footprints take
        // minutes on the national one): no statement timeout while migrating.
        db.Database.SetCommandTimeout(TimeSpan.Zero);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The migrations the database records as applied (none without a history table), and whether Infra's role bypasses row-level security.</summary>
    private async Task<(HashSet<string> Applied, bool BypassesRls)> DatabaseStateAsync(CancellationToken ct)
    {
        await using var conn = await endpoint.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user), to_regclass('"__EFMigrationsHistory"') IS NOT NULL
            """, conn);
        bool bypasses, hasHistory;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (bypasses, hasHistory) = (r.GetBoolean(0), r.GetBoolean(1));
        }

        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (hasHistory)
        {
            await using var history = new NpgsqlCommand("SELECT migration_id FROM \"__EFMigrationsHistory\"", conn);
            await using var r = await history.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                applied.Add(r.GetString(0));
            }
        }

        return (applied, bypasses);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await endpoint.DisposeAsync();
            await _cluster.StopAsync();
        }
    }
}
