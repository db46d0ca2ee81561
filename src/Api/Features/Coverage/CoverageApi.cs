using System.Text.Json;
using Infra.Api.Http;
using Infra.Domain.Coverage;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Infra.Api.Features.Coverage;

/// <summary>Coverage as of any date: shares by region and level, and why each village is or is not served.</summary>
public static class CoverageApi
{
    public static void MapCoverageApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Coverage");
        api.MapGet("/coverage", GetCoverage).WithName("GetCoverage").Produces<CoverageResponse>().ProducesValidationProblem()
            .WithSummary("Share of villages (administrative, natural), of population and of townships with each service, for the city, each county or each township, as of a date.");
        api.MapGet("/villages/{code}/services", GetVillageServices).WithName("GetVillageServices")
            .WithSummary("For one village: each service, served or not, on what (filing, station, access point…, with distances), and the nearest candidates when not.");
    }

    private static async Task<IResult> GetCoverage(CoverageService coverage, TimeProvider clock, IOptions<JsonOptions> json, string? level,
        string? service, string? asOf, string? county, string? carrier, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = ParseAsOf(asOf, clock, errors);
        var (lvl, services) = ParseView(level, service, county, errors);
        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var carrierId = carrier is null ? null : network.Carriers.FirstOrDefault(c => c.Code == carrier)?.Id;
        if (carrier is not null && carrierId is null)
        {
            errors.Add(new FieldError("carrier", $"Unknown carrier '{carrier}'. Known: {string.Join(", ", network.Carriers.Select(c => c.Code))}."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var snapshot = await coverage.GetAsync(day, ct, carrierId);
        var key = $"{lvl}|{string.Join(',', services)}|{county}|{carrier}";
        if (!snapshot.Responses.TryGetValue(key, out var bytes))
        {
            bytes = JsonSerializer.SerializeToUtf8Bytes(Response(snapshot, network, lvl!.Value, services, county, carrier), json.Value.SerializerOptions);

            // Bounded: any 6-digit county code is a valid question, so distinct queries must not grow the cache without end.
            if (snapshot.Responses.Count < CoverageSnapshot.MaxResponses)
            {
                snapshot.Responses.TryAdd(key, bytes);
            }
        }

        return TypedResults.Bytes(bytes, "application/json");
    }

    /// <summary>The level, services and county of a coverage question (shared with scenario coverage).</summary>
    internal static (RegionLevel? Level, List<Service> Services) ParseView(string? level, string? service, string? county, List<FieldError> errors)
    {
        var lvl = WireNames.Parse<RegionLevel>(level ?? "city", "level", errors);
        var services = ParseServices(service, errors);
        if (county is not null && !RegionCodes.IsCounty(county))
        {
            errors.Add(new FieldError("county", "county is a 6-digit county code."));
        }

        return (lvl, services);
    }

    /// <summary>The shares of one evaluated coverage (the network on a date, one carrier's, or a scenario's) by region.</summary>
    internal static CoverageResponse Response(CoverageSnapshot snapshot, NetworkSnapshot network, RegionLevel lvl, IReadOnlyList<Service> services,
        string? county, string? carrier)
    {
        var summary = snapshot.Summary;
        IEnumerable<(RegionSummary Region, string Name, string? Parent)> regions = lvl switch
        {
            RegionLevel.City => [(summary.City, network.CityName(summary.City.Code).Name, null)],
            RegionLevel.County => network.Counties.Where(c => county is null || c.Code == county)
                .Select(c => (summary.Counties[c.Code], c.Name, (string?)summary.City.Code)),
            _ => network.Input.Townships.Where(t => county is null || t.CountyCode == county)
                .Select(t => (summary.Townships[t.Code], t.Name, (string?)t.CountyCode)),
        };
        var body = regions.Select(r => new RegionCoverage(r.Region.Code, r.Name, WireNames.Of(r.Region.Level), r.Parent,
            services.ToDictionary(WireNames.Of, s => ServiceTallies.From(r.Region, s)))).ToList();
        return new CoverageResponse(snapshot.AsOf, WireNames.Of(lvl), carrier, [.. services.Select(WireNames.Of)], body);
    }

    private static async Task<IResult> GetVillageServices(CoverageService coverage, TimeProvider clock, string code, string? asOf,
        string? service, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = ParseAsOf(asOf, clock, errors);
        var services = ParseServices(service, errors).Where(s => s != Service.IpBackbone).ToList();
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var snapshot = await coverage.GetAsync(day, ct);
        var index = snapshot.Result.IndexOf(code);
        if (index < 0)
        {
            return Problems.NotFound($"There is no village with code {code}.");
        }

        var network = await coverage.NetworkAsync();
        var v = snapshot.Result.Villages[index];
        var township = network.TownshipsByCode[v.TownshipCode];
        var county = network.Counties.First(c => c.Code == v.CountyCode);
        var village = new VillageRef(v.Code, v.Name, v.Kind, v.TownshipCode, township.Name, county.Code, county.Name, v.ParentCode,
            v.Population, v.Households, v.Location.X, v.Location.Y);
        var reports = services.Select(s => Explain(snapshot, network, index, s)).ToList();
        return TypedResults.Ok(new VillageServicesResponse(day, village, reports));
    }

    /// <summary>One service in one place: sources, candidates with every reason, and for missing broadband the nearest fiber. The reports use it too.</summary>
    internal static VillageServiceDto Explain(CoverageSnapshot snapshot, NetworkSnapshot network, int index, Service service)
    {
        var result = snapshot.Result;
        var report = result.Report(index, service);
        var sources = report.Sources.Select(s => new SourceDto(Basis(s.Basis), s.Id, s.Code, s.CarrierCode, Round(s.DistanceM),
            s.Fiber is { } f ? new FiberLinkDto(f.RouteId, f.RouteCode, Math.Round(f.DistanceM, 1)) : null)).ToList();
        var candidates = report.Candidates.Select(c => new CandidateDto(Basis(c.Basis), c.Id, c.Code, c.CarrierCode, Round(c.DistanceM),
            Reasons(c.Reasons), c.Status is { } st ? WireNames.Of(st) : null, c.CommissionedOn)).ToList();
        var bases = Enum.GetValues<CoverageBasis>().Where(b => b != CoverageBasis.None && report.Bases.HasFlag(b)).Select(Basis).ToList();
        var fiber = service == Service.Broadband && !report.Served ? NearestFiber(snapshot, network, index) : null;
        return new VillageServiceDto(WireNames.Of(service), report.Served, bases, sources, candidates, fiber);
    }

    /// <summary>For a village without broadband, the nearest fiber route in service or being built: what it would take.</summary>
    private static NearestFiberDto? NearestFiber(CoverageSnapshot snapshot, NetworkSnapshot network, int index)
    {
        var p = snapshot.Result.Villages[index].Location;
        return snapshot.Fibers.Nearest(p.X, p.Y) is { } best
            ? new NearestFiberDto(best.Route.Id, best.Route.Code, network.Input.CarrierCode(best.Route.CarrierId),
                WireNames.Of(best.Route.Tier), Math.Round(best.DistanceM, 1), WireNames.Of(best.Status))
            : null;
    }

    internal static DateOnly ParseAsOf(string? asOf, TimeProvider clock, List<FieldError> errors) =>
        asOf is null ? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) : FeatureQuery.ParseDate(asOf, "asOf", errors) ?? default;

    internal static List<Service> ParseServices(string? service, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(service))
        {
            return [.. WireNames.AllServices];
        }

        var list = new List<Service>();
        foreach (var name in service.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (WireNames.Parse<Service>(name, "service", errors) is { } s)
            {
                list.Add(s);
            }
        }

        return list;
    }

    private static string Basis(CoverageBasis b) => WireNames.Of(b);

    private static List<string> Reasons(CandidateReasons r) =>
        [.. Enum.GetValues<CandidateReasons>().Where(x => x != CandidateReasons.None && r.HasFlag(x)).Select(x => WireNames.Of(x))];

    private static double? Round(double? metres) => metres is { } m ? Math.Round(m, 1) : null;
}
