using System.Diagnostics;
using Infra.Api.Cli;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace Infra.Api.Tests.Imports;

/// <summary><c>./infra import</c>: the API's importer in-process, on a connection of its own, without EF Core's model.</summary>
public class ImportCliTests(PostGis pg)
{
    private const string Routes = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.02,32.98],[114.05,33.00]]},"properties":{"code":"cli-1","name":"CLI 1","cores":24,"laying":"aerial","tier":"backbone","commissionedOn":"2007-03-01"}},
        {"type":"Feature","geometry":{"type":"LineString","coordinates":[[114.05,33.00],[114.08,33.03]]},"properties":{"code":"cli-2","name":"CLI 2","cores":48,"laying":"aerial","tier":"backbone","commissionedOn":"2007-04-01"}}
        ]}
        """;

    private static async Task<T> InFileAsync<T>(string name, string text, Func<string, Task<T>> test)
    {
        var folder = Directory.CreateTempSubdirectory("infra-cli-import-").FullName;
        try
        {
            var path = Path.Combine(folder, name);
            await File.WriteAllTextAsync(path, text, TestContext.Current.CancellationToken);
            return await test(path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Task<int> ImportAsync(string database, params string[] args) =>
        InfraCli.RunAsync(["import", .. args, $"--ConnectionStrings:Infra={database}", "--Infra:LoadDemoOnFirstStart=false"]);

    [Fact]
    public async Task A_file_is_imported_with_its_history_and_a_second_run_changes_nothing()
    {
        var database = await pg.NewDatabaseAsync(withDemo: true);
        var before = await PostGis.ScalarAsync(database, "SELECT count(*) FROM fiber_routes");

        var exits = await InFileAsync("routes.geojson", Routes, async path => (await ImportAsync(database, path, "--carrier", "cu"), await ImportAsync(database, path, "--carrier", "cu")));

        Assert.Equal((0, 0), exits);

        Assert.Equal(before + 2, await PostGis.ScalarAsync(database, "SELECT count(*) FROM fiber_routes"));
        Assert.Equal(2, await PostGis.ScalarAsync(database,
            "SELECT count(*) FROM fiber_routes f JOIN carriers c ON c.id = f.carrier_id WHERE c.code = 'cu' AND f.code IN ('cli-1', 'cli-2')"));
        // One history record per created route, written by the system (the CLI has no key) as an import; the second run touched nothing.
        Assert.Equal(2, await PostGis.ScalarAsync(database,
            "SELECT count(*) FROM change_records WHERE entity = 'fiber-routes' AND action = 'import' AND role = 'system' AND key_id IS NULL AND request_id <> 'demo-data'"));
    }

    [Fact]
    public async Task A_refused_file_or_a_dry_run_writes_nothing()
    {
        var database = await pg.NewDatabaseAsync(withDemo: true);
        var before = await PostGis.ScalarAsync(database, "SELECT count(*) FROM change_records");
        var bad = Routes.Replace("[114.05,33.00],[114.08,33.03]", "[33.00,114.05],[33.03,114.08]", StringComparison.Ordinal);

        var (refused, dryRun, unknownCarrier) = await InFileAsync("routes.geojson", bad, async path =>
        {
            var refusedRun = await ImportAsync(database, path, "--carrier", "cu");
            await File.WriteAllTextAsync(path, Routes, TestContext.Current.CancellationToken);
            return (refusedRun, await ImportAsync(database, path, "--carrier", "cu", "--dry-run"), await ImportAsync(database, path, "--carrier", "nope"));
        });

        Assert.Equal((1, 0, 1), (refused, dryRun, unknownCarrier));
        Assert.Equal(0, await PostGis.ScalarAsync(database, "SELECT count(*) FROM fiber_routes WHERE code LIKE 'cli-%'"));
        Assert.Equal(before, await PostGis.ScalarAsync(database, "SELECT count(*) FROM change_records"));
    }

    [Fact]
    public async Task A_directory_to_import_or_to_write_over_is_a_usage_error_not_a_crash_and_a_missing_one_is_made()
    {
        // Both crashed or misled: a directory "did not exist", and a report onto a directory died with a stack trace (exit 1).
        // An export into a directory that did not exist died too, while a report made it: both make it now.
        var database = await pg.NewDatabaseAsync(withDemo: true);
        var folder = Directory.CreateTempSubdirectory("infra-cli-paths-").FullName;
        string[] settings = [$"--ConnectionStrings:Infra={database}", "--Infra:LoadDemoOnFirstStart=false"];
        try
        {
            Assert.Equal(2, await ImportAsync(database, folder, "--carrier", "cu", "--layer", "fiber-routes"));
            Assert.Equal(2, await InfraCli.RunAsync(["export", "base-stations", "--format", "csv", "--out", folder, .. settings]));
            Assert.Equal(2, await InfraCli.RunAsync(["report", "unserved", "--service", "broadband", "--format", "csv", "--out", folder, .. settings]));
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder));

            // An option's value the parser cannot read is a usage error too (System.CommandLine's own exit code was 1).
            Assert.Equal(2, await InfraCli.RunAsync(["plan", "fiber", "--budget-km", "x", .. settings]));

            var made = Path.Combine(folder, "2008", "stations.csv");
            Assert.Equal(0, await InfraCli.RunAsync(["export", "base-stations", "--format", "csv", "--out", made, .. settings]));
            Assert.Equal([made], Directory.EnumerateFiles(Path.Combine(folder, "2008")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_unreachable_database_is_an_error_exit_not_a_crash()
    {
        // Port 1 refuses at once; System.CommandLine turns an unhandled exception into exit code 1 and a stack trace.
        Assert.Equal(2, await ImportAsync("Host=127.0.0.1;Port=1;Username=infra;Database=none;Timeout=5", "routes.geojson", "--carrier", "cu"));
    }

    /// <summary>
    /// Building EF Core's model takes 0.6–0.8 s, most of a CLI import's start-up before it reads a row: neither the
    /// bootstrapper (schema current) nor the importer may start a context.
    /// </summary>
    [Fact]
    public async Task An_import_into_a_current_schema_starts_no_ef_core_context()
    {
        var database = await pg.NewDatabaseAsync(withDemo: true);
        var name = new NpgsqlConnectionStringBuilder(database).Database!;
        using var contexts = new ContextsStarted(name);

        Assert.Equal(0, await InFileAsync("routes.geojson", Routes, path => ImportAsync(database, path, "--carrier", "cu")));
        Assert.Equal(2, await PostGis.ScalarAsync(database, "SELECT count(*) FROM fiber_routes WHERE code LIKE 'cli-%'"));
        Assert.Equal(0, contexts.Count);

        // The listener does see a context on that database when one starts (the check above could not pass by being deaf).
        await using (var db = PostGis.Context(database))
        {
            await db.Carriers.CountAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, contexts.Count);
    }

    /// <summary>Counts EF Core contexts initialised on one database, from EF's diagnostic events (process-wide, hence the filter).</summary>
    private sealed class ContextsStarted : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string _database;
        private readonly IDisposable _all;
        private readonly List<IDisposable> _listeners = [];
        private int _count;

        public ContextsStarted(string database)
        {
            _database = database;
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public int Count => Volatile.Read(ref _count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (_listeners)
                {
                    _listeners.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            // From the options, not the context: the context is still being set up when the event fires.
            if (value.Key == CoreEventId.ContextInitialized.Name && value.Value is ContextInitializedEventData e
                && e.ContextOptions.Extensions.OfType<RelationalOptionsExtension>().FirstOrDefault()?.ConnectionString is { } connection
                && new NpgsqlConnectionStringBuilder(connection).Database == _database)
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            _all.Dispose();
            lock (_listeners)
            {
                _listeners.ForEach(l => l.Dispose());
            }
        }
    }
}
