using System.Text.Json.Nodes;
using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Writes;

/// <summary>A GeoJSON Feature as a write body (documentation of the wire shape; handlers read the JSON themselves to name every bad field).</summary>
public sealed record FeatureInput(string Type, JsonObject? Geometry, JsonObject Properties);

public sealed record RetireInput(DateOnly RetiredOn);

public sealed record WithdrawInput(string Reason);

public sealed record DisputeInput(string Reason, DateOnly? On);

public sealed record ResolveInput(bool Upheld, string? Note, DateOnly? On);

/// <summary>
/// Writes for every layer: create (POST a Feature), replace (PUT, If-Match), patch (PATCH, JSON merge patch,
/// If-Match), retire (POST …/retire), withdraw a record created in error (POST …/withdraw); planners dispute and
/// resolve filings. Carrier keys write only their own carrier's records; admins name the carrier.
/// </summary>
public static class WritesApi
{
    public static void MapWritesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Writes");
        Map(api, Layers.BaseStations, "BaseStation");
        Map(api, Layers.FiberRoutes, "FiberRoute");
        Map(api, Layers.SwitchingNodes, "SwitchingNode");
        Map(api, Layers.AccessPoints, "AccessPoint");
        Map(api, Layers.Transmitters, "Transmitter");
        Map(api, Layers.ServiceFilings, "ServiceFiling");

        api.MapPost("/service-filings/{id:long}/dispute", Dispute).RequireAuthorization(Policies.Planner)
            .Accepts<DisputeInput>("application/json").WithName("DisputeServiceFiling")
            .WithSummary("Dispute a filing (planner or admin): it stops counting toward coverage until resolved.");
        api.MapPost("/service-filings/{id:long}/resolve", Resolve).RequireAuthorization(Policies.Planner)
            .Accepts<ResolveInput>("application/json").WithName("ResolveServiceFiling")
            .WithSummary("Resolve a disputed filing (planner or admin): upheld counts again, rejected never counts.");
    }

    private static void Map<T>(RouteGroupBuilder api, Layer<T> layer, string name) where T : class
    {
        var path = "/" + layer.Name;
        var fields = $"Properties: code, carrier (required for admin keys), {string.Join(", ", layer.FieldNames)}. " +
            "Geometry: GeoJSON, WGS 84 lon/lat, inside the region" + (layer.GeometryColumn is null ? " (ignored: a filing is located by its village)." : ".");
        api.MapPost(path, (HttpRequest r, HttpResponse res, RecordWriter w, CancellationToken ct) => Create(layer, r, res, w, ct))
            .RequireAuthorization(Policies.Carrier).Accepts<FeatureInput>("application/geo+json", "application/json")
            .WithName($"Create{name}").WithSummary($"Create a record in {layer.Name} from a GeoJSON Feature; answers 201 with its ETag.")
            .WithDescription(fields);
        api.MapPut(path + "/{id:long}", (HttpRequest r, HttpResponse res, RecordWriter w, long id, CancellationToken ct) => Update(layer, r, res, w, id, false, ct))
            .RequireAuthorization(Policies.Carrier).Accepts<FeatureInput>("application/geo+json", "application/json")
            .WithName($"Replace{name}").WithSummary("Replace a record with a whole Feature. Needs If-Match (428 without, 412 when stale).")
            .WithDescription(fields);
        api.MapPatch(path + "/{id:long}", (HttpRequest r, HttpResponse res, RecordWriter w, long id, CancellationToken ct) => Update(layer, r, res, w, id, true, ct))
            .RequireAuthorization(Policies.Carrier).Accepts<FeatureInput>("application/merge-patch+json", "application/json")
            .WithName($"Patch{name}").WithSummary("Change part of a record with a JSON merge patch (RFC 7396) of its Feature. Needs If-Match.")
            .WithDescription(fields);
        api.MapPost(path + "/{id:long}/retire", (HttpRequest r, HttpResponse res, RecordWriter w, long id, CancellationToken ct) => Retire(layer, r, res, w, id, ct))
            .RequireAuthorization(Policies.Carrier).Accepts<RetireInput>("application/json")
            .WithName($"Retire{name}").WithSummary(layer.GeometryColumn is null
                ? "End a filing on a date (sets validTo). If-Match honoured when sent."
                : "Retire an asset on a date (after it was commissioned). If-Match honoured when sent.");
        api.MapPost(path + "/{id:long}/withdraw", (HttpRequest r, HttpResponse res, RecordWriter w, long id, CancellationToken ct) => Withdraw(layer, r, res, w, id, ct))
            .RequireAuthorization(Policies.Carrier).Accepts<WithdrawInput>("application/json")
            .WithName($"Withdraw{name}")
            .WithSummary("Withdraw a record created in error, with a reason: it stays (and its history), but leaves lists, coverage and tiles.");
    }

    private static async Task<IResult> Create<T>(Layer<T> layer, HttpRequest request, HttpResponse response, RecordWriter w, CancellationToken ct) where T : class
    {
        var (feature, error) = await FeatureBody.ReadAsync(request, ct);
        if (feature is null)
        {
            return Problems.Invalid([error!]);
        }

        var outcome = await w.CreateAsync(layer, feature, ct);
        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        var id = layer.IdOf(outcome.Record!);
        response.Headers.ETag = FeatureBody.ETag(outcome.Version);
        return TypedResults.Created($"/api/{layer.Name}/{id}", await ShowAsync(layer, w, outcome.Record!, ct));
    }

    private static async Task<IResult> Update<T>(Layer<T> layer, HttpRequest request, HttpResponse response, RecordWriter w, long id, bool patch,
        CancellationToken ct) where T : class
    {
        var (pre, version) = FeatureBody.IfMatch(request);
        var (feature, error) = await FeatureBody.ReadAsync(request, ct);
        if (feature is null)
        {
            return Problems.Invalid([error!]);
        }

        return await Answer(layer, response, w, await w.UpdateAsync(layer, id, feature, patch, pre, version, ct), ct);
    }

    private static async Task<IResult> Retire<T>(Layer<T> layer, HttpRequest request, HttpResponse response, RecordWriter w, long id, CancellationToken ct)
        where T : class
    {
        var (body, error) = await FeatureBody.ReadAsync(request, ct);
        var f = new JsonFields(body);
        var on = f.Required(f.Date("retiredOn") ?? f.Date("on"), "retiredOn");
        if (body is null || on is null)
        {
            return Problems.Invalid(error is null ? f.Errors : [error]);
        }

        var (pre, version) = FeatureBody.IfMatch(request);
        return await Answer(layer, response, w, await w.ChangeAsync(layer, id, "retire", pre, version, record =>
        {
            switch (record)
            {
                case Asset a:
                    a.Retire(on.Value);
                    break;
                case ServiceFiling s:
                    s.EndOn(on.Value);
                    break;
            }
        }, ownerOnly: true, ct), ct);
    }

    private static async Task<IResult> Withdraw<T>(Layer<T> layer, HttpRequest request, HttpResponse response, RecordWriter w, long id, CancellationToken ct)
        where T : class
    {
        var (body, error) = await FeatureBody.ReadAsync(request, ct);
        if (body is null)
        {
            return Problems.Invalid([error!]);
        }

        var reason = new JsonFields(body).Text("reason", Withdrawal.MaxReasonLength + 100) ?? "";
        var (pre, version) = FeatureBody.IfMatch(request);
        return await Answer(layer, response, w, await w.ChangeAsync(layer, id, "withdraw", pre, version, record =>
        {
            switch (record)
            {
                case Asset a:
                    a.Withdraw(w.Now, reason);
                    break;
                case ServiceFiling s:
                    s.Withdraw(w.Now, reason);
                    break;
            }
        }, ownerOnly: true, ct), ct);
    }

    private static async Task<IResult> Dispute(HttpRequest request, HttpResponse response, RecordWriter w, long id, CancellationToken ct)
    {
        var (body, error) = await FeatureBody.ReadAsync(request, ct);
        if (body is null)
        {
            return Problems.Invalid([error!]);
        }

        var f = new JsonFields(body);
        var reason = f.Text("reason", 500) ?? "";
        var on = f.Date("on") ?? w.Today;
        if (f.Errors.Count > 0)
        {
            return Problems.Invalid(f.Errors);
        }

        var (pre, version) = FeatureBody.IfMatch(request);
        return await Answer(Layers.ServiceFilings, response, w,
            await w.ChangeAsync(Layers.ServiceFilings, id, "dispute", pre, version, s => s.Dispute(on, reason), ownerOnly: false, ct), ct);
    }

    private static async Task<IResult> Resolve(HttpRequest request, HttpResponse response, RecordWriter w, long id, CancellationToken ct)
    {
        var (body, error) = await FeatureBody.ReadAsync(request, ct);
        if (body is null)
        {
            return Problems.Invalid([error!]);
        }

        var f = new JsonFields(body);
        var upheld = f.Required(f.Bool("upheld"), "upheld");
        var note = f.Text("note", 500) ?? "";
        var on = f.Date("on") ?? w.Today;
        if (f.Errors.Count > 0)
        {
            return Problems.Invalid(f.Errors);
        }

        var (pre, version) = FeatureBody.IfMatch(request);
        return await Answer(Layers.ServiceFilings, response, w,
            await w.ChangeAsync(Layers.ServiceFilings, id, "resolve", pre, version, s => s.Resolve(on, upheld!.Value, note), ownerOnly: false, ct), ct);
    }

    private static async Task<IResult> Answer<T>(Layer<T> layer, HttpResponse response, RecordWriter w, RecordWriter.Outcome<T> outcome, CancellationToken ct)
        where T : class
    {
        if (outcome.Problem is not null)
        {
            return outcome.Problem;
        }

        response.Headers.ETag = FeatureBody.ETag(outcome.Version);
        return TypedResults.Json(await ShowAsync(layer, w, outcome.Record!, ct), WireJson.Options, Paging.GeoJson);
    }

    private static async Task<Feature<object>> ShowAsync<T>(Layer<T> layer, RecordWriter w, T record, CancellationToken ct) where T : class
    {
        var carrier = await w.Db.Carriers.AsNoTracking().SingleAsync(c => c.Id == layer.CarrierOf(record), ct);
        return new Feature<object>(layer.IdOf(record), await layer.LocateAsync(w.Db, record, ct), layer.Properties(record, carrier, w.Today));
    }
}
