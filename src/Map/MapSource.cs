using Infra.Domain.Coverage;

namespace Infra.Map;

/// <summary>Coverage of every place on one date, and its shares by county and township.</summary>
public sealed record MapCoverage(CoverageResult Result, CoverageSummary Summary);

/// <summary>Which data set the database holds; a demo data set is labelled as such on every map.</summary>
public sealed record MapDataSet(string Name, bool IsDemo);

/// <summary>
/// What the map needs from its host. The Api references the map, never the reverse (docs/ARCHITECTURE.md),
/// so the host hands the map its database and its coverage through this one seam; it exists for that
/// direction of dependency, not for mocking (tests use the Api's real implementation).
/// </summary>
public interface IMapSource
{
    /// <summary>A connection string for read-only queries (tiles, images).</summary>
    string ConnectionString { get; }

    Task<MapCoverage> CoverageAsync(DateOnly asOf, CancellationToken ct);

    Task<MapDataSet> DataSetAsync(CancellationToken ct);
}
