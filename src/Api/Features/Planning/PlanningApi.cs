using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Jobs;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Planning;

namespace Infra.Api.Features.Planning;

/// <summary>
/// The planning tools as jobs: where the next stations should stand, and how to bring fiber to every village
/// without broadband. Parameters are checked before the job starts (400 naming the field); the job reports
/// progress and can be cancelled; its result is the proposal and, when asked, a saved scenario.
/// </summary>
public static class PlanningApi
{
    public static void MapPlanningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/planning").WithTags("Planning").RequireAuthorization(Policies.Planner);
        api.MapPost("/station-siting", StartSiting).WithName("StartStationSiting")
            .WithSummary("Choose K rural sites covering the most people (or villages) without mobile coverage; a job (202) with progress.");
        api.MapPost("/fiber-extension", StartFiber).WithName("StartFiberExtension")
            .WithSummary("Connect every village without broadband (or township off the backbone) to the fiber at least length; a job (202).");
    }

    private static async Task<IResult> StartSiting(PlanningRunner runner, CoverageService coverage, Actor actor, TimeProvider clock,
        SitingRequest? body, CancellationToken ct)
    {
        var (errors, asOf, options, carrier) = PlanningRequests.Siting(body ?? Empty.Siting, clock);
        var carrierId = await PlanningRequests.CarrierAsync(coverage, carrier, errors, ct);
        PlanningRequests.SaveAs(body?.SaveAs, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var id = runner.StartSiting(asOf, options!, carrierId, body?.SaveAs?.Trim(), Requester.Of(actor));
        return TypedResults.Accepted($"/api/jobs/{id}", new { jobId = id, links = new { self = $"/api/jobs/{id}" } });
    }

    private static async Task<IResult> StartFiber(PlanningRunner runner, CoverageService coverage, Actor actor, TimeProvider clock,
        FiberRequest? body, CancellationToken ct)
    {
        var (errors, asOf, options, carrier) = PlanningRequests.Fiber(body ?? Empty.Fiber, clock);
        var carrierId = await PlanningRequests.CarrierAsync(coverage, carrier, errors, ct);
        PlanningRequests.SaveAs(body?.SaveAs, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var id = runner.StartFiber(asOf, options!, carrierId, body?.SaveAs?.Trim(), Requester.Of(actor));
        return TypedResults.Accepted($"/api/jobs/{id}", new { jobId = id, links = new { self = $"/api/jobs/{id}" } });
    }

    private static class Empty
    {
        public static readonly SitingRequest Siting = new(null, null, null, null, null, null, null, null, null, null, null, null);
        public static readonly FiberRequest Fiber = new(null, null, null, null, null, null, null);
    }
}

/// <summary>Turns requests into domain options, collecting every bad field.</summary>
public static class PlanningRequests
{
    public static (List<FieldError> Errors, DateOnly AsOf, SitingOptions? Options, string Carrier) Siting(SitingRequest r, TimeProvider clock)
    {
        var errors = new List<FieldError>();
        var asOf = CoverageApi.ParseAsOf(r.AsOf, clock, errors);
        var technology = WireNames.Parse<RadioTechnology>(r.Technology, "technology", errors);
        var objective = WireNames.Parse<SitingObjective>(r.Objective, "objective", errors);
        var sites = new List<SiteCandidate>();
        foreach (var (pair, i) in (r.UserSites ?? []).Select((p, i) => (p, i)))
        {
            if (pair is not { Length: 2 } || !double.IsFinite(pair[0]) || !double.IsFinite(pair[1]) || Math.Abs(pair[0]) > 180 || Math.Abs(pair[1]) > 90)
            {
                errors.Add(new FieldError("userSites", $"Site {i + 1} must be [lon, lat] in WGS 84 degrees.", i + 1));
            }
            else
            {
                sites.Add(new SiteCandidate(pair[0], pair[1], SiteSource.User, $"user-{i + 1}"));
            }
        }

        var options = new SitingOptions
        {
            Sites = r.Sites ?? 98,
            Technology = technology ?? RadioTechnology.Gsm,
            RadiusM = r.RadiusM,
            GridSpacingM = r.GridSpacingM ?? 2_000,
            UseGrid = r.UseGrid ?? true,
            UseVillageCentres = r.UseVillageCentres ?? true,
            UserSites = sites,
            RuralOnly = r.RuralOnly ?? true,
            Objective = objective ?? SitingObjective.Population,
        };
        Validate(options.Validate, errors);
        return (errors, asOf, errors.Count == 0 ? options : null, r.Carrier ?? "cmcc");
    }

    public static (List<FieldError> Errors, DateOnly AsOf, FiberOptions? Options, string Carrier) Fiber(FiberRequest r, TimeProvider clock)
    {
        var errors = new List<FieldError>();
        var asOf = CoverageApi.ParseAsOf(r.AsOf, clock, errors);
        var terminals = WireNames.Parse<FiberTerminals>(r.Terminals, "terminals", errors);
        var options = new FiberOptions
        {
            Terminals = terminals ?? FiberTerminals.AdministrativeVillages,
            DetourFactor = r.DetourFactor ?? 1.3,
            BudgetKm = r.BudgetKm ?? 1_400,
            Neighbours = r.Neighbours ?? 8,
        };
        Validate(options.Validate, errors);
        return (errors, asOf, errors.Count == 0 ? options : null, r.Carrier ?? "cnc");
    }

    /// <summary>The carrier proposals would be handed to, by code; an unknown one is a 400 naming the known ones.</summary>
    public static async Task<short> CarrierAsync(CoverageService coverage, string code, List<FieldError> errors, CancellationToken ct)
    {
        var carriers = (await coverage.NetworkAsync().WaitAsync(ct)).Carriers;
        if (carriers.FirstOrDefault(c => c.Code == code) is { } found)
        {
            return found.Id;
        }

        errors.Add(new FieldError("carrier", $"Unknown carrier '{code}'. Known: {string.Join(", ", carriers.Select(c => c.Code))}."));
        return 0;
    }

    public static void SaveAs(string? name, List<FieldError> errors)
    {
        if (name is not null && (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200))
        {
            errors.Add(new FieldError("saveAs", "saveAs is the new scenario's name: not blank, at most 200 characters."));
        }
    }

    private static void Validate(Action validate, List<FieldError> errors)
    {
        try
        {
            validate();
        }
        catch (DomainException e)
        {
            errors.Add(new FieldError(e.Field, e.Message));
        }
    }
}
