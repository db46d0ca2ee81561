using Infra.Api.Http;
using Infra.Domain.Planning;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Planning;

/// <summary>A station-siting request; every field is optional and defaults to the plan's 98 rural GSM stations.</summary>
public sealed record SitingRequest(string? AsOf, int? Sites, string? Technology, double? RadiusM, double? GridSpacingM, bool? UseGrid,
    bool? UseVillageCentres, double[][]? UserSites, bool? RuralOnly, string? Objective, string? Carrier, string? SaveAs);

public sealed record FiberRequest(string? AsOf, string? Terminals, double? DetourFactor, double? BudgetKm, int? Neighbours, string? Carrier, string? SaveAs);

public sealed record SiteProperties(int Rank, string Source, string? Label, string? TownshipCode, string? CountyCode, double RadiusM,
    long NewPopulation, int NewVillages, IReadOnlyList<string> VillageCodes);

public sealed record SitingSummary(DateOnly AsOf, int Sites, string Technology, double RadiusM, int Candidates, long UnservedPopulation,
    int UnservedVillages, long NewPopulation, int NewVillages, string Objective, double ObjectiveValue, double UpperBound, double ProvenRatio,
    double GreedyGuarantee, int? ScenarioId);

/// <summary>The result of a siting job; <c>scenarioId</c> names the scenario it was saved as (with <c>saveAs</c>).</summary>
public sealed record SitingResponse(SitingSummary Summary, FeatureCollection<SiteProperties> Sites, int? ScenarioId);

public sealed record SegmentProperties(int Id, double RouteKm, string? FromCode, string? ToCode, long? NetworkRouteId, bool WithinBudget,
    int ServesCount, long ServesPopulation, IReadOnlyList<string> Serves);

public sealed record FiberSummary(DateOnly AsOf, string Terminals, int TerminalCount, double DetourFactor, double TotalKm, double LowerBoundKm,
    double RatioToLowerBound, double BudgetKm, double BudgetUsedKm, int TerminalsWithinBudget, double ShareWithinBudget,
    long PopulationWithinBudget, IReadOnlyDictionary<string, double> KmByCounty, IReadOnlyList<string> Unreachable, int? ScenarioId);

public sealed record TerminalDto(string Code, string Name, string CountyCode, int Population, double PathKm, int? BudgetOrder);

public sealed record FiberResponse(FiberSummary Summary, FeatureCollection<SegmentProperties> Segments, IReadOnlyList<TerminalDto> Terminals, int? ScenarioId);

internal static class PlanningMapping
{
    public static SitingResponse ToDto(SitingResult r, int? scenarioId, DateTimeOffset now)
    {
        var features = r.Sites.Select(s => new Feature<SiteProperties>(s.Rank, Domain.Geo.Wgs84.Point(s.Lon, s.Lat),
            new SiteProperties(s.Rank, WireNames.Of(s.Source), s.Label, s.TownshipCode, s.CountyCode, s.RadiusM, s.NewPopulation, s.NewVillages,
                s.VillageCodes))).ToList();
        var summary = new SitingSummary(r.AsOf, r.Sites.Count, WireNames.Of(r.Options.Technology), r.RadiusM, r.Candidates, r.UnservedPopulation,
            r.UnservedVillages, r.NewPopulation, r.NewVillages, WireNames.Of(r.Options.Objective), r.Objective, Math.Round(r.UpperBound, 1),
            Math.Round(r.ProvenRatio, 4), Math.Round(1 - (1 / Math.E), 4), scenarioId);
        return new SitingResponse(summary, new FeatureCollection<SiteProperties>(features, features.Count, features.Count, now, []), scenarioId);
    }

    public static FiberResponse ToDto(FiberResult r, int? scenarioId, DateTimeOffset now)
    {
        var features = r.Segments.Select(s => new Feature<SegmentProperties>(s.Id, (Geometry)s.Line, new SegmentProperties(s.Id, Math.Round(s.RouteKm, 3),
            s.FromCode, s.ToCode, s.NetworkRouteId, s.WithinBudget, s.Serves.Count, s.ServesPopulation, s.Serves))).ToList();
        var summary = new FiberSummary(r.AsOf, WireNames.Of(r.Options.Terminals), r.Terminals.Count, r.Options.DetourFactor, r.TotalKm, r.LowerBoundKm,
            r.LowerBoundKm > 0 ? Math.Round(r.TotalKm / r.LowerBoundKm, 3) : 1, r.Options.BudgetKm, r.BudgetUsedKm, r.TerminalsWithinBudget,
            Math.Round(r.ShareWithinBudget, 4), r.PopulationWithinBudget, r.KmByCounty, r.Unreachable, scenarioId);
        return new FiberResponse(summary, new FeatureCollection<SegmentProperties>(features, features.Count, features.Count, now, []),
            [.. r.Terminals.Select(t => new TerminalDto(t.Code, t.Name, t.CountyCode, t.Population, t.PathKm, t.BudgetOrder))], scenarioId);
    }
}
