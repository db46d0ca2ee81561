using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>
/// A generated, plausible but fictional region: real county facts, synthetic boundaries, names and
/// places (see <c>SOURCES.md</c>). All geometries WGS 84 lon/lat (SRID 4326), coordinates on a 1e-6° grid.
/// </summary>
/// <param name="CityOutline">The city's outer boundary: the union of the counties.</param>
/// <param name="Counties">In the order of the facts.</param>
/// <param name="Townships">Ordered by code.</param>
/// <param name="Villages">Administrative and natural villages and residents' committees (社区), ordered by code.</param>
public sealed record DemoRegion(
    Polygon CityOutline,
    IReadOnlyList<County> Counties,
    IReadOnlyList<Township> Townships,
    IReadOnlyList<Village> Villages);
