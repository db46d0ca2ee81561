using Infra.Domain.Coverage;
using Infra.Domain.Regions;

namespace Infra.Api.Features.Coverage;

/// <summary>How many places of a group there are and how many have the service, by count and by population (shares 0–1).</summary>
public sealed record TallyDto(int Count, int Served, double? Share, long Population, long PopulationServed, double? PopulationShare)
{
    public static TallyDto From(Tally t) => new(t.Count, t.Served, Round(t.Share), t.Population, t.PopulationServed, Round(t.PopulationShare));

    private static double? Round(double? share) => share is { } s ? Math.Round(s, 6) : null;
}

/// <summary>
/// One service in one region: administrative and natural villages, the populated places (natural villages and
/// communities, each resident once — the measure of the population-weighted targets) and townships.
/// </summary>
public sealed record ServiceTallies(TallyDto Administrative, TallyDto Natural, TallyDto Populated, TallyDto Townships)
{
    public static ServiceTallies From(RegionSummary region, Domain.Plans.Service service) => new(
        TallyDto.From(region[service, PlaceGroup.Administrative]),
        TallyDto.From(region[service, PlaceGroup.Natural]),
        TallyDto.From(region[service, PlaceGroup.Populated]),
        TallyDto.From(region[service, PlaceGroup.Township]));
}

public sealed record RegionCoverage(string Code, string Name, string Level, string? ParentCode, IReadOnlyDictionary<string, ServiceTallies> Services);

public sealed record CoverageResponse(DateOnly AsOf, string Level, string? Carrier, IReadOnlyList<string> Services, IReadOnlyList<RegionCoverage> Regions);

public sealed record SourceDto(string Basis, long Id, string Code, string Carrier, double? DistanceM, FiberLinkDto? Fiber);

public sealed record FiberLinkDto(long RouteId, string RouteCode, double DistanceM);

public sealed record CandidateDto(string Basis, long Id, string Code, string Carrier, double? DistanceM, IReadOnlyList<string> Reasons,
    string? Status, DateOnly? CommissionedOn);

public sealed record NearestFiberDto(long Id, string Code, string Carrier, string Tier, double DistanceM, string? Status);

public sealed record VillageServiceDto(string Service, bool Served, IReadOnlyList<string> Bases, IReadOnlyList<SourceDto> Sources,
    IReadOnlyList<CandidateDto> Candidates, NearestFiberDto? NearestFiber);

public sealed record VillageRef(string Code, string Name, VillageKind Kind, string TownshipCode, string TownshipName, string CountyCode,
    string CountyName, string? ParentCode, int Population, int Households, double Lon, double Lat);

public sealed record VillageServicesResponse(DateOnly AsOf, VillageRef Village, IReadOnlyList<VillageServiceDto> Services);
