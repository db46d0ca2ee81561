using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Infra.Domain.Assets;
using Infra.Domain.Planning;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Scenarios;

/// <summary>
/// Scenarios: named sets of proposed assets on top of the network as of a date. They live in their own tables and
/// never mix with carriers' records. Reads are public; writes need a planner or admin key (and PostgreSQL refuses
/// other sessions too). A scenario's ETag changes with any change to it or its proposals.
/// </summary>
public static class ScenariosApi
{
    public static void MapScenariosApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scenarios").WithTags("Scenarios");
        api.MapGet("/", List).WithName("ListScenarios").WithSummary("Every scenario with its base date and what it proposes (stations, fiber km, access points).");
        api.MapGet("/{id:int}", Get).WithName("GetScenario").WithSummary("One scenario, with its ETag.");
        api.MapPost("/", Create).WithName("CreateScenario").WithSummary("Create an empty scenario (planner or admin).")
            .RequireAuthorization(Policies.Planner);
        api.MapPut("/{id:int}", Replace).WithName("ReplaceScenario").WithSummary("Rename a scenario or move its base date. Needs If-Match (428 without, 412 when stale).")
            .RequireAuthorization(Policies.Planner);
        api.MapDelete("/{id:int}", Delete).WithName("DeleteScenario").WithSummary("Delete a scenario and its proposals. If-Match honoured when sent.")
            .RequireAuthorization(Policies.Planner);
        api.MapProposalsApi();
        api.MapScenarioEvaluationApi();
    }

    private static async Task<IResult> List(InfraDb db, CancellationToken ct)
    {
        var scenarios = await db.Scenarios.AsNoTracking().OrderBy(s => s.Id).ToListAsync(ct);
        var stats = await db.ProposedAssets.GroupBy(a => a.ScenarioId).Select(g => new
        {
            Id = g.Key,
            Count = g.Count(),
            Stations = g.Count(a => a.Kind == AssetKind.BaseStation),
            Access = g.Count(a => a.Kind == AssetKind.AccessPoint),
            Km = g.Where(a => a.Kind == AssetKind.FiberRoute).Sum(a => a.RouteKm ?? a.LengthKm ?? 0),
        }).ToDictionaryAsync(x => x.Id, ct);
        return TypedResults.Ok(new ScenarioList([.. scenarios.Select(s => ScenarioMapping.ToDto(s,
            stats.TryGetValue(s.Id, out var x) ? new ScenarioMapping.Stats(x.Count, x.Stations, x.Access, x.Km) : ScenarioMapping.Stats.None))]));
    }

    private static async Task<IResult> Get(InfraDb db, HttpResponse response, int id, CancellationToken ct)
    {
        var scenario = await db.Scenarios.Include(s => s.Assets).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (scenario is null)
        {
            return NotFound(id);
        }

        response.Headers.ETag = FeatureBody.ETag(Version(db, scenario));
        return TypedResults.Ok(ScenarioMapping.ToDto(scenario));
    }

    private static async Task<IResult> Create(InfraDb db, TimeProvider clock, HttpResponse response, ScenarioRequest? body, CancellationToken ct)
    {
        if (Check(body) is { } problem)
        {
            return problem;
        }

        var scenario = new Scenario(body!.Name!, body.Description, body.BaseDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        scenario.Touch(clock.GetUtcNow());
        db.Scenarios.Add(scenario);
        await db.SaveChangesAsync(ct);
        response.Headers.ETag = FeatureBody.ETag(Version(db, scenario));
        return TypedResults.Created($"/api/scenarios/{scenario.Id}", ScenarioMapping.ToDto(scenario));
    }

    private static async Task<IResult> Replace(InfraDb db, TimeProvider clock, HttpRequest request, HttpResponse response, int id, ScenarioRequest? body,
        CancellationToken ct)
    {
        var (scenario, problem) = await LoadForWriteAsync(db, request, id, required: true, ct);
        if (scenario is null)
        {
            return problem!;
        }

        if (Check(body) is { } invalid)
        {
            return invalid;
        }

        scenario.Update(body!.Name!, body.Description, body.BaseDate ?? scenario.BaseDate);
        scenario.Touch(clock.GetUtcNow());
        if (!await SaveAsync(db, ct))
        {
            return Stale(id);
        }

        response.Headers.ETag = FeatureBody.ETag(Version(db, scenario));
        return TypedResults.Ok(ScenarioMapping.ToDto(scenario));
    }

    private static async Task<IResult> Delete(InfraDb db, HttpRequest request, int id, CancellationToken ct)
    {
        var (scenario, problem) = await LoadForWriteAsync(db, request, id, required: false, ct);
        if (scenario is null)
        {
            return problem!;
        }

        db.Scenarios.Remove(scenario);
        return await SaveAsync(db, ct) ? TypedResults.NoContent() : Stale(id);
    }

    private static IResult? Check(ScenarioRequest? body)
    {
        var errors = new List<FieldError>();
        if (body is null || string.IsNullOrWhiteSpace(body.Name))
        {
            errors.Add(new FieldError("name", "name is required (at most 200 characters)."));
        }
        else if (body.Name.Length > 200)
        {
            errors.Add(new FieldError("name", $"name is at most 200 characters (got {body.Name.Length})."));
        }

        if (body?.Description is { Length: > 4000 } d)
        {
            errors.Add(new FieldError("description", $"description is at most 4,000 characters (got {d.Length})."));
        }

        if (body?.BaseDate is { } day && (day.Year < 1980 || day.Year > 2100))
        {
            errors.Add(new FieldError("baseDate", $"baseDate {day:yyyy-MM-dd} is outside 1980–2100."));
        }

        return errors.Count > 0 ? Problems.Invalid(errors) : null;
    }

    /// <summary>The scenario with its proposals, tracked, with If-Match checked: 428 when required and missing, 412 when stale.</summary>
    internal static async Task<(Scenario? Scenario, IResult? Problem)> LoadForWriteAsync(InfraDb db, HttpRequest request, int id, bool required,
        CancellationToken ct)
    {
        var (pre, version) = FeatureBody.IfMatch(request);
        if (pre == FeatureBody.Precondition.Malformed)
        {
            return (null, Problems.Invalid("If-Match", "If-Match must be an ETag as returned by GET (e.g. \"12345\") or *."));
        }

        var scenario = await db.Scenarios.Include(s => s.Assets).SingleOrDefaultAsync(s => s.Id == id, ct);
        if (scenario is null)
        {
            return (null, NotFound(id));
        }

        if (required && pre == FeatureBody.Precondition.Missing)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match is required.",
                detail: "Send the scenario's ETag in If-Match (GET it first), so a change made meanwhile is not overwritten."));
        }

        if (pre == FeatureBody.Precondition.Version)
        {
            if (version != Version(db, scenario))
            {
                return (null, Stale(id));
            }

            db.Entry(scenario).Property("Version").OriginalValue = version;
        }

        return (scenario, null);
    }

    /// <summary>Saves; false when the row changed meanwhile (its xmin no longer matches), and then nothing was written.</summary>
    internal static async Task<bool> SaveAsync(InfraDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    internal static uint Version(InfraDb db, Scenario s) => (uint)db.Entry(s).Property("Version").CurrentValue!;

    internal static IResult NotFound(int id) => Problems.NotFound($"There is no scenario {id}.");

    internal static IResult Stale(int id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The scenario has changed.",
            detail: $"Scenario {id} was changed since the ETag in If-Match was issued; GET it again and resend. Nothing was written.");
}
