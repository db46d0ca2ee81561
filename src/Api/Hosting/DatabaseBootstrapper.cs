using System.Diagnostics;
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

    /// <summary>Set false by CLI commands that need the schema but should not load demo data.</summary>
    public bool LoadDemo { get; set; } = true;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (!endpoint.IsConfigured)
        {
            _cluster = await PrivateCluster.StartAsync(o.DataDir, log, cancellationToken);
            endpoint.UsePrivateCluster(_cluster.ConnectionString);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
        if (o.MigrateOnStart)
        {
            // The history table is created first (CREATE TABLE IF NOT EXISTS): on an empty database EF finds out that it is
            // missing by querying it, and logs each failed query as an error a first start would show.
            await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                log.LogInformation("Applying {Count} migration(s): {Names}", pending.Count, string.Join(", ", pending));
                // A migration may fill a table from every row of a large data set (the stored station footprints take
                // minutes on the national one): no statement timeout while migrating.
                db.Database.SetCommandTimeout(TimeSpan.Zero);
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        endpoint.RowLevelSecurityEnforced = await RlsEnforcedAsync(db, cancellationToken);
        if (!endpoint.RowLevelSecurityEnforced)
        {
            log.LogWarning("The database role bypasses row-level security (superuser or BYPASSRLS): carrier isolation is enforced only by the handlers. Connect as an ordinary role.");
        }

        if (LoadDemo && o.LoadDemoOnFirstStart && !await db.DataSets.AnyAsync(cancellationToken))
        {
            var clock = Stopwatch.StartNew();
            var data = DemoGenerator.Generate();
            log.LogInformation("Generated the demo data in {Ms} ms (fingerprint {Fingerprint})", clock.ElapsedMilliseconds, data.Fingerprint[..12]);
            await DemoLoader.LoadAsync(db, data, log, cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_cluster is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await _cluster.StopAsync();
        }
    }

    private static async Task<bool> RlsEnforcedAsync(InfraDb db, CancellationToken ct) =>
        !await db.Database.SqlQueryRaw<bool>(
            "SELECT (rolsuper OR rolbypassrls) AS \"Value\" FROM pg_roles WHERE rolname = current_user").SingleAsync(ct);
}
