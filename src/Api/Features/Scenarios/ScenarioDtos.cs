using Infra.Api.Http;
using Infra.Domain.Assets;
using Infra.Domain.Planning;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Scenarios;

/// <summary>Create or replace a scenario's name, description and base date (default: today).</summary>
public sealed record ScenarioRequest(string? Name, string? Description, DateOnly? BaseDate);

/// <summary>
/// A scenario with what it proposes. <c>fiberKm</c> is the cable to lay: each proposal's route length (straight
/// line × detour, from the fiber tool) where it has one, else its geodesic length.
/// </summary>
public sealed record ScenarioDto(int Id, string Name, string? Description, DateOnly BaseDate, int AssetCount, int Stations, double FiberKm,
    int AccessPoints, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ScenarioList(IReadOnlyList<ScenarioDto> Items);

/// <summary>One proposal on the wire. <c>lengthKm</c> is geodesic (WGS 84); <c>routeKm</c> the cable length with the detour.</summary>
public sealed record ProposalProperties(int Sequence, string Kind, string Carrier, string Source, string? Label, string? Technology,
    double? RadiusM, double? LengthKm, double? RouteKm, string? Tier, int? Ports, long? NewPopulation, string? County);

/// <summary>A place whose service differs between the network alone on the base date (before) and with the scenario (after).</summary>
public sealed record ScenarioVillageProperties(string Code, string Name, string Kind, string County, string Township, int Population,
    bool Before, bool After);

internal static class ScenarioMapping
{
    /// <summary>Per-scenario tallies of its proposals, computed in the database for lists.</summary>
    internal sealed record Stats(int Count, int Stations, int AccessPoints, double FiberKm)
    {
        public static readonly Stats None = new(0, 0, 0, 0);

        public static Stats Of(IEnumerable<ProposedAsset> assets)
        {
            var list = assets.ToList();
            return new(list.Count, list.Count(a => a.Kind == AssetKind.BaseStation), list.Count(a => a.Kind == AssetKind.AccessPoint),
                list.Where(a => a.Kind == AssetKind.FiberRoute).Sum(a => a.RouteKm ?? a.LengthKm ?? 0));
        }
    }

    public static ScenarioDto ToDto(Scenario s, Stats stats) => new(s.Id, s.Name, s.Description, s.BaseDate, stats.Count, stats.Stations,
        Math.Round(stats.FiberKm, 3), stats.AccessPoints, s.CreatedAt, s.UpdatedAt);

    public static ScenarioDto ToDto(Scenario s) => ToDto(s, Stats.Of(s.Assets));

    public static Feature<ProposalProperties> ToFeature(ProposedAsset a, IReadOnlyDictionary<short, string> carriers) =>
        new(a.Id, a.Geometry, new ProposalProperties(a.Sequence, WireNames.Of(a.Kind), carriers.GetValueOrDefault(a.CarrierId, "?"),
            WireNames.Of(a.Source), a.Label,
            a.RadioTechnology is { } r ? WireNames.Of(r) : a.AccessTechnology is { } t ? WireNames.Of(t) : null,
            a.RadiusM, Round(a.LengthKm), Round(a.RouteKm), a.Tier is { } tier ? WireNames.Of(tier) : null, a.Ports, a.NewPopulation, a.CountyCode));

    /// <summary>The table (GeoPackage) and columns of an exported proposal, in the order of the GeoJSON properties.</summary>
    public const string ExportTable = "proposed_assets";

    public static readonly string[] ExportColumns =
        ["sequence", "kind", "carrier", "source", "label", "technology", "radiusM", "lengthKm", "routeKm", "tier", "ports", "newPopulation", "county"];

    /// <summary>A proposal as the carriers' exporter writes it (GeoJSON, CSV, GeoPackage): id, geometry, the properties of /assets.</summary>
    public static Exports.ExportFeature ExportRow(ProposedAsset a, IReadOnlyDictionary<short, string> carriers) =>
        new(a.Id, a.Geometry, ToFeature(a, carriers).Properties);

    private static double? Round(double? km) => km is { } v ? Math.Round(v, 3) : null;
}
