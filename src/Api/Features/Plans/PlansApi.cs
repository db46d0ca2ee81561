using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Plans;

public sealed record TargetDto(int Id, string Code, string Name, string NameEn, TargetMetric Metric, TargetFilter Filter,
    DateOnly? PeriodStart, DateOnly PeriodEnd, double Goal, string Unit, string? PlanText, double? Baseline);

public sealed record PlanDto(int Id, string Code, string Name, string NameEn, string RegionCode, DateOnly PeriodStart,
    DateOnly PeriodEnd, string? Source, IReadOnlyList<TargetDto> Targets);

public static class PlansApi
{
    public static void MapPlansApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/plans").WithTags("Plans");
        api.MapGet("/", async (InfraDb db, CancellationToken ct) =>
                TypedResults.Ok((await db.Plans.AsNoTracking().Include(p => p.Targets).OrderBy(p => p.Id).ToListAsync(ct)).Select(ToDto).ToList()))
            .WithName("ListPlans").WithSummary("Plans with their targets (targets are data: metric, filter, period, goal).");
        api.MapGet("/{id:int}", GetPlan).WithName("GetPlan").WithSummary("One plan with its targets.");
    }

    private static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> GetPlan(InfraDb db, int id, CancellationToken ct)
    {
        var plan = await db.Plans.AsNoTracking().Include(p => p.Targets).SingleOrDefaultAsync(p => p.Id == id, ct);
        return plan is null ? Problems.NotFound($"There is no plan {id}.") : TypedResults.Ok(ToDto(plan));
    }

    internal static PlanDto ToDto(Plan p) => new(p.Id, p.Code, p.Name, p.NameEn, p.RegionCode, p.PeriodStart, p.PeriodEnd, p.Source,
        p.Targets.OrderBy(t => t.Id).Select(t => new TargetDto(t.Id, t.Code, t.Name, t.NameEn, t.Metric, t.Filter, t.PeriodStart,
            t.PeriodEnd, t.Goal, t.Unit, t.PlanText, t.Baseline)).ToList());
}
