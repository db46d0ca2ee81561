using Infra.Domain.Coverage;

namespace Infra.Map;

/// <summary>Coverage of every place on one date, and its shares by county and township.</summary>
public sealed record MapCoverage(CoverageResult Result, CoverageSummary Summary);

/// <summary>
/// Which data set the database holds (a demo data set is labelled as such on every map), and its region: the city's
/// name in Chinese and English, and <paramref name="Bounds"/>, [west, south, east, north] of its counties with a margin.
/// </summary>
public sealed record MapDataSet(string Name, bool IsDemo, IReadOnlyList<double> Bounds, string RegionName, string RegionNameEn);

/// <summary>One proposal of a planning scenario as images draw it: kind (base_station, fiber_route, access_point), carrier code, WGS 84 geometry.</summary>
public sealed record MapProposal(string Kind, string Carrier, NetTopologySuite.Geometries.Geometry Geometry, double? RadiusM);

/// <summary>A planning scenario's proposals, which never enter the tiles (they are not carriers' records).</summary>
public sealed record MapScenario(int Id, string Name, DateOnly BaseDate, IReadOnlyList<MapProposal> Proposals);

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

    /// <summary>A scenario's proposals, or null when there is no such scenario.</summary>
    Task<MapScenario?> ScenarioAsync(int id, CancellationToken ct);
}
