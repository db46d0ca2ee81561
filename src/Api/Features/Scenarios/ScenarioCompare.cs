using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Plans;
using Infra.Api.Http;
using Infra.Domain.Coverage;
using Infra.Domain.Planning;
using Infra.Domain.Plans;

namespace Infra.Api.Features.Scenarios;

/// <summary>One side of a comparison: a scenario, or the network alone ("baseline", id null) on the other side's base date.</summary>
public sealed record CompareSide(int? Id, string Name, DateOnly BaseDate);

public sealed record TargetComparison(int Id, string Code, string Name, string NameEn, string Metric, string Unit, double Goal, double A, double B,
    double Difference, bool MetA, bool MetB);

/// <summary>Shares (0–1) of administrative villages, natural villages and population with a service.</summary>
public sealed record ShareTriple(double? Administrative, double? Natural, double? Population);

public sealed record ServiceComparison(ShareTriple A, ShareTriple B);

public sealed record RegionComparison(string Code, string Name, string Level, IReadOnlyDictionary<string, ServiceComparison> Services);

public sealed record ScenarioComparison(CompareSide A, CompareSide B, PlanRef? Plan, IReadOnlyList<TargetComparison> Targets,
    IReadOnlyList<RegionComparison> Regions);

public sealed record PlanRef(int Id, string Code, string Name, string NameEn);

/// <summary>Two scenarios, or a scenario and the baseline, side by side per target and per county (city first).</summary>
public static class ScenarioCompare
{
    internal static async Task<IResult> Compare(InfraDb db, CoverageService coverage, string? a, string? b, string? plan, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var idA = int.TryParse(a, out var x) ? x : (int?)null;
        var idB = b is null or "baseline" ? null : int.TryParse(b, out var y) ? y : (int?)null;
        if (idA is null)
        {
            errors.Add(new FieldError("a", "a is a scenario id."));
        }

        if (b is not null and not "baseline" && idB is null)
        {
            errors.Add(new FieldError("b", "b is a scenario id or \"baseline\" (the network alone on a's base date)."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var scenarioA = await ScenarioEvaluationApi.LoadAsync(db, idA!.Value, ct);
        var scenarioB = idB is { } ib ? await ScenarioEvaluationApi.LoadAsync(db, ib, ct) : null;
        if (scenarioA is null || (idB is not null && scenarioB is null))
        {
            return ScenariosApi.NotFound(scenarioA is null ? idA.Value : idB!.Value);
        }

        var (found, problem) = await ScenarioEvaluationApi.FindPlanAsync(db, plan, ct);
        if (found is null)
        {
            return problem!;
        }

        return TypedResults.Ok(await ComputeAsync(coverage, scenarioA, scenarioB, found, ct));
    }

    /// <summary>
    /// The comparison itself, for the endpoint and the scenario report alike: <paramref name="b"/> null is the baseline
    /// (the network alone on a's base date); without a plan there are no targets.
    /// </summary>
    internal static async Task<ScenarioComparison> ComputeAsync(CoverageService coverage, Scenario a, Scenario? b, Plan? plan, CancellationToken ct)
    {
        var viewA = ScenarioView.Of(a);
        var viewB = b is null ? null : ScenarioView.Of(b);
        var dayB = b?.BaseDate ?? a.BaseDate;
        var targets = new List<TargetComparison>();
        if (plan is not null)
        {
            var targetsA = await PlanProgressApi.EvaluateAsync(plan, coverage, a.BaseDate, ct, viewA);
            var targetsB = await PlanProgressApi.EvaluateAsync(plan, coverage, dayB, ct, viewB);
            targets.AddRange(targetsA.Zip(targetsB, (ta, tb) => new TargetComparison(ta.Id, ta.Code, ta.Name, ta.NameEn, ta.Metric, ta.Unit, ta.Goal,
                ta.Value, tb.Value, Math.Round(ta.Value - tb.Value, 3), ta.Met, tb.Met)));
        }

        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var summaryA = (await coverage.GetAsync(a.BaseDate, ct, null, viewA)).Summary;
        var summaryB = (await coverage.GetAsync(dayB, ct, null, viewB)).Summary;
        var services = WireNames.AllServices.Where(s => s != Service.IpBackbone).ToList();
        RegionComparison Row(string code, string name, string level, RegionSummary ra, RegionSummary rb) => new(code, name, level,
            services.ToDictionary(WireNames.Of, s => new ServiceComparison(Shares(ra, s), Shares(rb, s))));
        var regions = new List<RegionComparison> { Row(summaryA.City.Code, network.CityName(summaryA.City.Code).Name, "city", summaryA.City, summaryB.City) };
        regions.AddRange(network.Counties.Select(c => Row(c.Code, c.Name, "county", summaryA.Counties[c.Code], summaryB.Counties[c.Code])));
        return new ScenarioComparison(new CompareSide(a.Id, a.Name, a.BaseDate), new CompareSide(b?.Id, b?.Name ?? "baseline", dayB),
            plan is null ? null : new PlanRef(plan.Id, plan.Code, plan.Name, plan.NameEn), targets, regions);
    }

    private static ShareTriple Shares(RegionSummary r, Service s) => new(Round(r[s, PlaceGroup.Administrative].Share),
        Round(r[s, PlaceGroup.Natural].Share), Round(r[s, PlaceGroup.Populated].PopulationShare));

    private static double? Round(double? share) => share is { } v ? Math.Round(v, 6) : null;
}
