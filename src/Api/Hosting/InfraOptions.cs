using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace Infra.Api.Hosting;

/// <summary>Settings under <c>Infra:</c> (environment: <c>Infra__DataDir</c> …).</summary>
public sealed class InfraOptions
{
    /// <summary>Where the private cluster and its secrets live when no connection string is set.</summary>
    [Required]
    public string DataDir { get; set; } = ".infra";

    /// <summary>Apply pending EF Core migrations at start.</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Load the generated Zhumadian demo data when the database holds no data set yet.</summary>
    public bool LoadDemoOnFirstStart { get; set; } = true;

    /// <summary>Largest file a bulk import accepts, MB (API uploads and CLI files alike).</summary>
    [Range(1, 1_000_000)]
    public int ImportMaxSizeMb { get; set; } = 2048;

    /// <summary>
    /// Rows a bulk import merges per statement while it validates the next ones. Larger chunks cost fewer statements;
    /// smaller ones hold fewer validated rows in memory (up to two chunks at a time) and overlap more of the work.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ImportChunkRows { get; set; } = 10_000;
}

/// <summary>
/// The database Infra talks to: the configured <c>ConnectionStrings:Infra</c>, or the private cluster's,
/// known only once the cluster has started (hence a holder rather than a fixed option).
/// </summary>
public sealed class DatabaseEndpoint(string? configured) : IAsyncDisposable
{
    private string? _connectionString = string.IsNullOrWhiteSpace(configured) ? null : configured;
    private NpgsqlDataSource? _dataSource;

    public bool IsConfigured => _connectionString is not null;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database is not ready yet (the private cluster has not started).");

    /// <summary>
    /// Connections without EF Core, for the paths that need none of its model (the bootstrapper's checks, bulk imports,
    /// the region's outline): building the model costs 0.6–0.8 s, which a CLI import would otherwise spend before its
    /// first row. PostGIS geometries map to NetTopologySuite as they do in EF's connections.
    /// </summary>
    public NpgsqlDataSource DataSource
    {
        get
        {
            if (_dataSource is { } built)
            {
                return built;
            }

            var fresh = new NpgsqlDataSourceBuilder(ConnectionString).UseNetTopologySuite().Build();
            var won = Interlocked.CompareExchange(ref _dataSource, fresh, null);
            if (won is not null)
            {
                fresh.Dispose();
                return won;
            }

            return fresh;
        }
    }

    /// <summary>False when the application connects as a role that bypasses row-level security (a superuser).</summary>
    public bool RowLevelSecurityEnforced { get; set; } = true;

    public bool PrivateCluster { get; private set; }

    internal void UsePrivateCluster(string connectionString)
    {
        _connectionString = connectionString;
        PrivateCluster = true;
    }

    /// <summary>Closes the pooled connections (before the private cluster stops, and when the host is disposed).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _dataSource, null) is { } source)
        {
            await source.DisposeAsync();
        }
    }
}
