using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Plans;
using Infra.Api.Http;
using Infra.Domain.Plans;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Scenarios;

/// <summary>
/// A scenario evaluated with the same engine as <c>/api/coverage</c> and <c>/api/plans/{id}/progress</c>: the network
/// as of the base date with the proposals added (in service from that date). The villages list and the coverage
/// shares come from the same two evaluations (before and after), so they always agree.
/// </summary>
public static class ScenarioEvaluationApi
{
    public static void MapScenarioEvaluationApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:int}/villages", Villages).WithName("GetScenarioVillages")
            .WithSummary("Places whose service differs between the network alone on the base date (before) and with the scenario (after): the newly served.");
        api.MapGet("/{id:int}/coverage", GetCoverage).WithName("GetScenarioCoverage")
            .WithSummary("Coverage with the scenario, in the shape of /api/coverage (city, county or township; services; one county).");
        api.MapGet("/{id:int}/progress", Progress).WithName("GetScenarioProgress")
            .WithSummary("Every target of a plan evaluated with the scenario on its base date, in the shape of /api/plans/{id}/progress; proposals count as new in periods still open.");
        api.MapGet("/compare", ScenarioCompare.Compare).WithName("CompareScenarios")
            .WithSummary("Two scenarios (or one and the baseline) side by side: every target (a, b, goal, difference) and each county's coverage shares by service.");
    }

    /// <summary>A scenario with its proposals, read-only; null when there is none with that id.</summary>
    internal static Task<Domain.Planning.Scenario?> LoadAsync(InfraDb db, int id, CancellationToken ct) =>
        db.Scenarios.AsNoTracking().Include(s => s.Assets).SingleOrDefaultAsync(s => s.Id == id, ct);

    private static async Task<IResult> Villages(InfraDb db, CoverageService coverage, TimeProvider clock, int id, string? service, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var svc = WireNames.Parse<Service>(service ?? "mobile", "service", errors);
        if (svc == Service.IpBackbone)
        {
            errors.Add(new FieldError("service", "ip_backbone is a township service; ask /api/scenarios/{id}/coverage?level=township for it."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var scenario = await LoadAsync(db, id, ct);
        if (scenario is null)
        {
            return ScenariosApi.NotFound(id);
        }

        var before = (await coverage.GetAsync(scenario.BaseDate, ct)).Result;
        var after = (await coverage.GetAsync(scenario.BaseDate, ct, null, ScenarioView.Of(scenario))).Result;
        var features = new List<Feature<ScenarioVillageProperties>>();
        for (var i = 0; i < before.Villages.Count; i++)
        {
            var (b, a) = (before.IsServed(i, svc!.Value), after.IsServed(i, svc.Value));
            if (b != a)
            {
                var v = before.Villages[i];
                features.Add(new(v.Code, v.Location, new ScenarioVillageProperties(v.Code, v.Name, WireNames.Of(v.Kind), v.CountyCode, v.TownshipCode,
                    v.Population, b, a)));
            }
        }

        return Paging.Json(new FeatureCollection<ScenarioVillageProperties>(features, features.Count, features.Count, clock.GetUtcNow(), []));
    }

    private static async Task<IResult> GetCoverage(InfraDb db, CoverageService coverage, int id, string? level, string? service, string? county,
        CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var (lvl, services) = CoverageApi.ParseView(level, service, county, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var scenario = await LoadAsync(db, id, ct);
        if (scenario is null)
        {
            return ScenariosApi.NotFound(id);
        }

        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var snapshot = await coverage.GetAsync(scenario.BaseDate, ct, null, ScenarioView.Of(scenario));
        return TypedResults.Ok(CoverageApi.Response(snapshot, network, lvl!.Value, services, county, null));
    }

    private static async Task<IResult> Progress(InfraDb db, CoverageService coverage, int id, string? plan, CancellationToken ct)
    {
        var scenario = await LoadAsync(db, id, ct);
        if (scenario is null)
        {
            return ScenariosApi.NotFound(id);
        }

        var (found, problem) = await FindPlanAsync(db, plan, ct);
        if (found is null)
        {
            return problem!;
        }

        var progress = await PlanProgressApi.EvaluateAsync(found, coverage, scenario.BaseDate, ct, ScenarioView.Of(scenario));
        return TypedResults.Ok(new PlanProgressDto(found.Id, found.Code, found.Name, found.NameEn, scenario.BaseDate, progress));
    }

    /// <summary>A plan by id or code; the first plan when none is named.</summary>
    internal static async Task<(Plan? Plan, IResult? Problem)> FindPlanAsync(InfraDb db, string? plan, CancellationToken ct)
    {
        var plans = db.Plans.AsNoTracking().Include(p => p.Targets);
        var found = plan is null ? await plans.OrderBy(p => p.Id).FirstOrDefaultAsync(ct)
            : int.TryParse(plan, out var pid) ? await plans.SingleOrDefaultAsync(p => p.Id == pid, ct)
            : await plans.SingleOrDefaultAsync(p => p.Code == plan, ct);
        return found is null ? (null, Problems.Invalid("plan", plan is null ? "There is no plan yet." : $"There is no plan '{plan}' (give its id or code).")) : (found, null);
    }
}
