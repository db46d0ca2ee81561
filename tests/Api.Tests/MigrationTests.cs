using Infra.Api.Cli;
using Infra.Api.Data;
using Infra.Api.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Infra.Api.Tests;

public class MigrationTests(PostGis pg)
{
    [Fact]
    public async Task Migrations_build_the_whole_schema_on_an_empty_database()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = PostGis.Context(await UnmigratedDatabaseAsync(ct));

        Assert.Empty(await db.Database.GetAppliedMigrationsAsync(ct));
        await db.Database.MigrateAsync(ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add a migration.");
    }

    [Fact]
    public async Task A_database_holding_the_demo_counties_gets_its_city_when_it_is_migrated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = PostGis.Context(await UnmigratedDatabaseAsync(ct));
        var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
        await migrator.MigrateAsync("20261128143628_FootprintCirclesByAffine", ct); // the last migration before cities
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO counties (code, name, name_en, boundary, seat) VALUES ('411702', '驿城区', 'Yicheng', " +
            "'SRID=4326;MULTIPOLYGON(((114 33, 114.1 33, 114.1 33.1, 114 33, 114 33)))', 'SRID=4326;POINT(114.05 33.02)')", ct);

        await db.Database.MigrateAsync(ct);

        var city = await db.Cities.AsNoTracking().SingleAsync(ct);
        Assert.Equal(("411700", "驻马店市", "Zhumadian"), (city.Code, city.Name, city.NameEn));
    }

    [Fact]
    public async Task A_first_start_on_an_empty_database_migrates_it_without_logging_an_error()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await UnmigratedDatabaseAsync(ct);
        var log = new ErrorLog();

        var applied = await InfraCli.WithDatabaseAsync([$"--ConnectionStrings:Infra={connectionString}"], loadDemo: false,
            async (sp, token) => (await sp.GetRequiredService<InfraDb>().Database.GetAppliedMigrationsAsync(token)).Count(), ct,
            services => services.AddSingleton<ILoggerProvider>(log));

        await using var db = PostGis.Context(connectionString);
        Assert.Equal(db.Database.GetMigrations().Count(), applied);
        Assert.Empty(log.Errors);
    }

    [Fact]
    public async Task The_bootstrapper_finds_the_migrations_ef_core_finds()
    {
        await using var db = PostGis.Context(pg.SharedDemo);
        Assert.Equal(db.Database.GetMigrations(), DatabaseBootstrapper.KnownMigrations);
    }

    /// <summary>The bootstrapper asks the history table itself (no EF model) whether anything is pending: one missing migration is enough to migrate.</summary>
    [Fact]
    public async Task A_start_on_a_database_one_migration_behind_applies_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = await UnmigratedDatabaseAsync(ct);
        await using var db = PostGis.Context(connectionString);
        var all = db.Database.GetMigrations().ToList();
        await db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>().MigrateAsync(all[^2], ct);
        Assert.Equal(all[..^1], await db.Database.GetAppliedMigrationsAsync(ct));

        Assert.Equal(0, await InfraCli.WithDatabaseAsync([$"--ConnectionStrings:Infra={connectionString}"], loadDemo: false, (_, _) => Task.FromResult(0), ct));

        Assert.Equal(all, await db.Database.GetAppliedMigrationsAsync(ct));
    }

    /// <summary>A new database with PostGIS and nothing else: no migration applied yet.</summary>
    private async Task<string> UnmigratedDatabaseAsync(CancellationToken ct)
    {
        var name = $"m{Guid.NewGuid():N}"[..20];
        await pg.Cluster.CreateDatabaseAsync(name, null, ct);
        return pg.Cluster.ConnectionStringFor(name);
    }

    /// <summary>Every message logged at Error or above, by any category.</summary>
    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Errors.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task Spatial_columns_are_typed_and_indexed_with_gist()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new NpgsqlConnection(await pg.NewDatabaseAsync(withDemo: false));
        await conn.OpenAsync(ct);
        var columns = new Dictionary<string, string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT f_table_name || '.' || f_geometry_column, type || ',' || srid FROM geometry_columns WHERE f_table_schema = 'public'", conn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                columns[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.Equal("MULTIPOLYGON,4326", columns["counties.boundary"]);
        Assert.Equal("MULTIPOLYGON,4326", columns["townships.boundary"]);
        Assert.Equal("POINT,4326", columns["villages.location"]);
        Assert.Equal("POINT,4326", columns["base_stations.location"]);
        Assert.Equal("LINESTRING,4326", columns["fiber_routes.route"]);

        await using var gist = new NpgsqlCommand("""
            SELECT g.f_table_name || '.' || g.f_geometry_column FROM geometry_columns g
            WHERE g.f_table_schema = 'public' AND NOT EXISTS (
              SELECT 1 FROM pg_indexes i WHERE i.tablename = g.f_table_name
                AND i.indexdef LIKE '%USING gist (' || g.f_geometry_column || ')%')
            """, conn);
        var unindexed = new List<string>();
        await using (var reader = await gist.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                unindexed.Add(reader.GetString(0));
            }
        }

        // A station's coarser stored footprints lie inside its finest one, whose index finds all three (migration StationFootprints).
        Assert.Equal(["station_footprints.low", "station_footprints.mid"], unindexed.Order());
        Assert.Equal("GEOMETRY,4326", columns["proposed_assets.geometry"]);
        Assert.Equal("GEOMETRY,3857", columns["station_footprints.high"]);
        Assert.Equal(14, columns.Count);
    }
}
