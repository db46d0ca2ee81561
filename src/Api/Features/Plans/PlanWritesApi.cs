using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain.Assets;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Plans;

public sealed record PlanRequest(string? Code, string? Name, string? NameEn, string? RegionCode, DateOnly? PeriodStart, DateOnly? PeriodEnd, string? Source);

public sealed record TargetFilterRequest(string? AssetKind, string[]? Carriers, string[]? Technologies, string[]? NodeKinds, bool? RuralOnly,
    bool? IntegratedOnly, string? Service, string? VillageKind);

public sealed record TargetRequest(string? Code, string? Name, string? NameEn, string? Metric, TargetFilterRequest? Filter,
    DateOnly? PeriodStart, DateOnly? PeriodEnd, double? Goal, string? Unit, string? PlanText, double? Baseline);

/// <summary>Planners (and admins) create and edit plans and their targets; a bad spec is a 400 that says which field and why.</summary>
public static class PlanWritesApi
{
    public static void MapPlanWritesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/plans").WithTags("Plans").RequireAuthorization(Policies.Planner);
        api.MapPost("/", CreatePlan).WithName("CreatePlan").WithSummary("Create a plan (planner or admin).");
        api.MapPut("/{id:int}", UpdatePlan).WithName("UpdatePlan").WithSummary("Change a plan's name, region or period.");
        api.MapDelete("/{id:int}", DeletePlan).WithName("DeletePlan").WithSummary("Delete a plan and its targets.");
        api.MapPost("/{id:int}/targets", AddTarget).WithName("AddTarget").WithSummary("Add a target: metric, filter, period and goal as data.");
        api.MapPut("/{id:int}/targets/{code}", ReplaceTarget).WithName("ReplaceTarget").WithSummary("Replace a target.");
        api.MapDelete("/{id:int}/targets/{code}", RemoveTarget).WithName("RemoveTarget").WithSummary("Remove a target.");
    }

    private static async Task<Results<Created<PlanDto>, ProblemHttpResult>> CreatePlan(InfraDb db, PlanRequest body, CancellationToken ct)
    {
        var errors = Required(body);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        if (await db.Plans.AnyAsync(p => p.Code == body.Code, ct))
        {
            return Problems.Invalid("code", $"A plan with code '{body.Code}' exists already.");
        }

        var plan = new Plan(body.Code!, body.Name!, body.NameEn ?? "", body.RegionCode!, body.PeriodStart!.Value, body.PeriodEnd!.Value, body.Source);
        db.Plans.Add(plan);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/plans/{plan.Id}", PlansApi.ToDto(plan));
    }

    private static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> UpdatePlan(InfraDb db, int id, PlanRequest body, CancellationToken ct)
    {
        var errors = Required(body with { Code = body.Code ?? "unchanged" });
        var plan = await Load(db, id, ct);
        if (plan is null)
        {
            return Problems.NotFound($"There is no plan {id}.");
        }

        if (body.Code is not null && body.Code != plan.Code)
        {
            errors.Add(new FieldError("code", "A plan's code cannot change; create a new plan instead."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        plan.Update(body.Name!, body.NameEn ?? "", body.RegionCode!, body.PeriodStart!.Value, body.PeriodEnd!.Value, body.Source);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PlansApi.ToDto(plan));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeletePlan(InfraDb db, int id, CancellationToken ct)
    {
        var plan = await Load(db, id, ct);
        if (plan is null)
        {
            return Problems.NotFound($"There is no plan {id}.");
        }

        db.Plans.Remove(plan);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<PlanDto>, ProblemHttpResult>> AddTarget(InfraDb db, int id, TargetRequest body, CancellationToken ct)
    {
        var plan = await Load(db, id, ct);
        if (plan is null)
        {
            return Problems.NotFound($"There is no plan {id}.");
        }

        var (errors, spec) = await ToSpecAsync(db, body, ct);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        plan.AddTarget(spec!);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/plans/{plan.Id}", PlansApi.ToDto(plan));
    }

    private static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> ReplaceTarget(InfraDb db, int id, string code, TargetRequest body, CancellationToken ct)
    {
        var plan = await Load(db, id, ct);
        var target = plan?.FindTarget(code);
        if (plan is null || target is null)
        {
            return Problems.NotFound($"Plan {id} has no target '{code}'.");
        }

        var (errors, spec) = await ToSpecAsync(db, body with { Code = body.Code ?? code }, ct);
        if (spec is not null && spec.Code != code)
        {
            errors.Add(new FieldError("code", "A target's code cannot change; remove it and add a new one."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        target.Apply(spec!);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PlansApi.ToDto(plan));
    }

    private static async Task<Results<Ok<PlanDto>, ProblemHttpResult>> RemoveTarget(InfraDb db, int id, string code, CancellationToken ct)
    {
        var plan = await Load(db, id, ct);
        if (plan?.FindTarget(code) is null)
        {
            return Problems.NotFound($"Plan {id} has no target '{code}'.");
        }

        plan.RemoveTarget(code);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PlansApi.ToDto(plan));
    }

    private static Task<Plan?> Load(InfraDb db, int id, CancellationToken ct) =>
        db.Plans.Include(p => p.Targets).SingleOrDefaultAsync(p => p.Id == id, ct);

    private static List<FieldError> Required(PlanRequest body)
    {
        var errors = new List<FieldError>();
        void Need(object? value, string field)
        {
            if (value is null || (value is string s && string.IsNullOrWhiteSpace(s)))
            {
                errors.Add(new FieldError(field, $"{field} is required."));
            }
        }

        Need(body.Code, "code");
        Need(body.Name, "name");
        Need(body.RegionCode, "regionCode");
        Need(body.PeriodStart, "periodStart");
        Need(body.PeriodEnd, "periodEnd");
        return errors;
    }

    /// <summary>Turns the wire form into a domain spec: enum names and carriers are checked here, the rest by the domain.</summary>
    private static async Task<(List<FieldError> Errors, TargetSpec? Spec)> ToSpecAsync(InfraDb db, TargetRequest body, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var metric = WireNames.Parse<TargetMetric>(body.Metric, "metric", errors);
        if (body.Metric is null)
        {
            errors.Add(new FieldError("metric", $"metric is required: one of {string.Join(", ", Enum.GetValues<TargetMetric>().Select(m => WireNames.Of(m)))}."));
        }

        if (body.Goal is null)
        {
            errors.Add(new FieldError("goal", "goal is required."));
        }

        if (body.PeriodEnd is null)
        {
            errors.Add(new FieldError("periodEnd", "periodEnd is required."));
        }

        var f = body.Filter ?? new TargetFilterRequest(null, null, null, null, null, null, null, null);
        var known = await db.Carriers.Select(c => c.Code).ToListAsync(ct);
        foreach (var carrier in (f.Carriers ?? []).Where(c => !known.Contains(c)))
        {
            errors.Add(new FieldError("filter.carriers", $"Unknown carrier '{carrier}'. Known: {string.Join(", ", known)}."));
        }

        var filter = new TargetFilter
        {
            AssetKind = WireNames.Parse<AssetKind>(f.AssetKind, "filter.assetKind", errors),
            Carriers = f.Carriers ?? [],
            Technologies = f.Technologies ?? [],
            NodeKinds = [.. (f.NodeKinds ?? []).Select(n => WireNames.Parse<SwitchingNodeKind>(n, "filter.nodeKinds", errors)).OfType<SwitchingNodeKind>()],
            RuralOnly = f.RuralOnly ?? false,
            IntegratedOnly = f.IntegratedOnly ?? false,
            Service = WireNames.Parse<Service>(f.Service, "filter.service", errors),
            VillageKind = WireNames.Parse<VillageKind>(f.VillageKind == "admin" ? "administrative" : f.VillageKind, "filter.villageKind", errors),
        };
        if (errors.Count > 0)
        {
            return (errors, null);
        }

        // The domain checks the rest (and throws DomainException naming the field, answered as a 400).
        var spec = new TargetSpec(body.Code ?? "", body.Name ?? "", body.NameEn ?? "", metric!.Value, filter, body.PeriodStart,
            body.PeriodEnd!.Value, body.Goal!.Value, body.Unit ?? "", body.PlanText, body.Baseline);
        return (errors, spec);
    }
}
