using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Http;
using Infra.Domain.Plans;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Plans;

public sealed record ProjectionDto(string Status, DateOnly? Date, bool OnTrack, double PacePerYear);

public sealed record CountyValueDto(string Code, string Name, double Value);

public sealed record SeriesPointDto(DateOnly Date, double Value);

public sealed record TargetProgressDto(int Id, string Code, string Name, string NameEn, string Metric, string Unit, double Goal,
    DateOnly? PeriodStart, DateOnly PeriodEnd, string? PlanText, double? Baseline, double Value, double PercentAchieved, bool Met,
    ProjectionDto Projection, IReadOnlyList<CountyValueDto> ByCounty, IReadOnlyList<SeriesPointDto> Series);

public sealed record PlanProgressDto(int Id, string Code, string Name, string NameEn, DateOnly AsOf, IReadOnlyList<TargetProgressDto> Targets);

/// <summary>How far each target of a plan has come on a date, whether it will be met at the current pace, and by county.</summary>
public static class PlanProgressApi
{
    public static void MapPlanProgressApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/plans/{id:int}/progress", GetProgress).WithTags("Plans").WithName("GetPlanProgress")
            .WithSummary("Every target's value, goal, % achieved, met or not, projection at the last 12 months' pace, value by county and by year.");

    private static async Task<IResult> GetProgress(InfraDb db, CoverageService coverage, TimeProvider clock, int id, string? asOf, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = CoverageApi.ParseAsOf(asOf, clock, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var plan = await db.Plans.AsNoTracking().Include(p => p.Targets).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (plan is null)
        {
            return Problems.NotFound($"There is no plan {id}.");
        }

        var progress = await EvaluateAsync(plan, coverage, day, ct);
        return TypedResults.Ok(new PlanProgressDto(plan.Id, plan.Code, plan.Name, plan.NameEn, day, progress));
    }

    /// <summary>Progress of every target of a plan; the same figures for the API and the reports.</summary>
    /// <remarks>With <paramref name="scenario"/>, the network is the scenario's (its proposals added, counted as new in open periods).</remarks>
    public static async Task<IReadOnlyList<TargetProgressDto>> EvaluateAsync(Plan plan, CoverageService coverage, DateOnly day, CancellationToken ct,
        ScenarioView? scenario = null)
    {
        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var series = SeriesDates(plan, day);
        var context = await coverage.PlanContextAsync(series.Append(day).Append(ProgressCalculator.YearBefore(day)), ct, scenario);
        var counties = network.Counties.Select(c => c.Code).ToList();
        return plan.Targets.OrderBy(t => t.Id).Select(t =>
        {
            var p = ProgressCalculator.Of(t, context, day, counties, series);
            return new TargetProgressDto(t.Id, t.Code, t.Name, t.NameEn, WireNames.Of(t.Metric), t.Unit, t.Goal, t.PeriodStart, t.PeriodEnd,
                t.PlanText, t.Baseline, Math.Round(p.Value, 3), Math.Round(p.PercentAchieved, 2), p.Met,
                new ProjectionDto(p.Projection.Status, p.Projection.Date, p.Projection.OnTrack, Math.Round(p.Projection.PacePerYear, 3)),
                p.ByCounty.Select(c => new CountyValueDto(c.Code, network.Counties.First(x => x.Code == c.Code).Name, Math.Round(c.Value, 3))).ToList(),
                p.Series.Select(s => new SeriesPointDto(s.Date, Math.Round(s.Value, 3))).ToList());
        }).ToList();
    }

    /// <summary>The chart's points: the end of each year from the year before the plan to the as-of date.</summary>
    private static List<DateOnly> SeriesDates(Plan plan, DateOnly day)
    {
        var dates = new List<DateOnly>();
        for (var year = plan.PeriodStart.Year - 1; year <= Math.Min(day.Year, plan.PeriodEnd.Year); year++)
        {
            var end = new DateOnly(year, 12, 31);
            if (end < day)
            {
                dates.Add(end);
            }
        }

        return dates;
    }
}
