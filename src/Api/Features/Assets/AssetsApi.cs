using System.Linq.Expressions;
using Infra.Api.Data;
using Infra.Api.Features.History;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Assets;

/// <summary>Read side of every asset layer: GeoJSON pages filtered by bbox, datetime (as-of), carrier and status.</summary>
public static class AssetsApi
{
    public static RouteGroupBuilder MapAssetsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Assets");

        api.MapGet("/base-stations", ListBaseStations)
            .WithName("ListBaseStations").WithSummary("Base stations (基站) as GeoJSON points.");
        api.MapGet("/base-stations/{id:long}", GetBaseStation)
            .WithName("GetBaseStation").WithSummary("One base station, with its ETag.");

        api.MapGet("/fiber-routes", ListFiberRoutes)
            .WithName("ListFiberRoutes").WithSummary("Fiber routes (光缆) as GeoJSON lines, with geodesic lengths.");
        api.MapGet("/fiber-routes/{id:long}", GetFiberRoute)
            .WithName("GetFiberRoute").WithSummary("One fiber route, with its ETag.");

        api.MapGet("/switching-nodes", ListSwitchingNodes)
            .WithName("ListSwitchingNodes").WithSummary("Switching nodes (交换节点) with capacity and subscribers.");
        api.MapGet("/switching-nodes/{id:long}", GetSwitchingNode)
            .WithName("GetSwitchingNode").WithSummary("One switching node, with its ETag.");

        api.MapGet("/access-points", ListAccessPoints)
            .WithName("ListAccessPoints").WithSummary("Access points (接入网点) with ports, reach and fiber connection.");
        api.MapGet("/access-points/{id:long}", GetAccessPoint)
            .WithName("GetAccessPoint").WithSummary("One access point, with its ETag.");

        api.MapGet("/transmitters", ListTransmitters)
            .WithName("ListTransmitters").WithSummary("Radio and TV transmitters (广播电视发射台) with service radius.");
        api.MapGet("/transmitters/{id:long}", GetTransmitter)
            .WithName("GetTransmitter").WithSummary("One transmitter, with its ETag.");

        api.MapGet("/service-filings", ListFilings)
            .WithName("ListServiceFilings").WithSummary("Carriers' service filings (业务覆盖申报); geometry is the village's point.");
        api.MapGet("/service-filings/{id:long}", GetFiling)
            .WithName("GetServiceFiling").WithSummary("One service filing, with its ETag; asOf reads it as recorded at an instant.");
        return api;
    }

    internal static Task<IResult> ListBaseStations(HttpRequest r, InfraDb db, TimeProvider t, [AsParameters] FeatureQuery q, string? asOf, CancellationToken ct) =>
        AssetLayer.List(r, db, t, q, asOf, Layers.BaseStations, box => s => s.Location.Intersects(box), s => s.Location, BaseStationProperties.From, ct);

    internal static Task<IResult> GetBaseStation(InfraDb db, TimeProvider t, HttpResponse res, long id, string? asOf, CancellationToken ct) =>
        AssetLayer.Get(db, t, res, Layers.BaseStations, id, asOf, s => s.Location, BaseStationProperties.From, ct);

    internal static Task<IResult> ListFiberRoutes(HttpRequest r, InfraDb db, TimeProvider t, [AsParameters] FeatureQuery q, string? asOf, CancellationToken ct) =>
        AssetLayer.List(r, db, t, q, asOf, Layers.FiberRoutes, box => f => f.Route.Intersects(box), f => f.Route, FiberRouteProperties.From, ct);

    internal static Task<IResult> GetFiberRoute(InfraDb db, TimeProvider t, HttpResponse res, long id, string? asOf, CancellationToken ct) =>
        AssetLayer.Get(db, t, res, Layers.FiberRoutes, id, asOf, f => f.Route, FiberRouteProperties.From, ct);

    internal static Task<IResult> ListSwitchingNodes(HttpRequest r, InfraDb db, TimeProvider t, [AsParameters] FeatureQuery q, string? asOf, CancellationToken ct) =>
        AssetLayer.List(r, db, t, q, asOf, Layers.SwitchingNodes, box => n => n.Location.Intersects(box), n => n.Location, SwitchingNodeProperties.From, ct);

    internal static Task<IResult> GetSwitchingNode(InfraDb db, TimeProvider t, HttpResponse res, long id, string? asOf, CancellationToken ct) =>
        AssetLayer.Get(db, t, res, Layers.SwitchingNodes, id, asOf, n => n.Location, SwitchingNodeProperties.From, ct);

    internal static Task<IResult> ListAccessPoints(HttpRequest r, InfraDb db, TimeProvider t, [AsParameters] FeatureQuery q, string? asOf, CancellationToken ct) =>
        AssetLayer.List(r, db, t, q, asOf, Layers.AccessPoints, box => a => a.Location.Intersects(box), a => a.Location, AccessPointProperties.From, ct);

    internal static Task<IResult> GetAccessPoint(InfraDb db, TimeProvider t, HttpResponse res, long id, string? asOf, CancellationToken ct) =>
        AssetLayer.Get(db, t, res, Layers.AccessPoints, id, asOf, a => a.Location, AccessPointProperties.From, ct);

    internal static Task<IResult> ListTransmitters(HttpRequest r, InfraDb db, TimeProvider t, [AsParameters] FeatureQuery q, string? asOf, CancellationToken ct) =>
        AssetLayer.List(r, db, t, q, asOf, Layers.Transmitters, box => x => x.Location.Intersects(box), x => x.Location, TransmitterProperties.From, ct);

    internal static Task<IResult> GetTransmitter(InfraDb db, TimeProvider t, HttpResponse res, long id, string? asOf, CancellationToken ct) =>
        AssetLayer.Get(db, t, res, Layers.Transmitters, id, asOf, x => x.Location, TransmitterProperties.From, ct);

    /// <summary>Filings are not assets: as-of means valid that day, and <c>village</c> filters by village code.</summary>
    internal static async Task<Results<JsonHttpResult<FeatureCollection<ServiceFilingProperties>>, ProblemHttpResult>> ListFilings(
        HttpRequest request, InfraDb db, TimeProvider clock, [AsParameters] FeatureQuery query, string? village, string? service, string? asOf,
        CancellationToken ct)
    {
        var (errors, q) = query.Parse();
        var instant = AsOfReader.Parse(asOf, errors);
        FiledService? filed = null;
        if (service is not null)
        {
            if (Enum.TryParse<FiledService>(service.Replace("_", "", StringComparison.Ordinal), true, out var s) && Enum.IsDefined(s))
            {
                filed = s;
            }
            else
            {
                errors.Add(new FieldError("service", "service must be one of mobile, fixed_phone, broadband, cable_tv."));
            }
        }

        if (query.Status is not null)
        {
            errors.Add(new FieldError("status", "Filings have no lifecycle status; use datetime for the filings valid on a date."));
        }

        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var carrierId = CarrierFilter(q.Carrier, carriers, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var filings = instant is { } at ? AsOfReader.Reconstruct(db, Layers.ServiceFilings, at) : db.ServiceFilings.AsNoTracking();
        if (carrierId is { } cid)
        {
            filings = filings.Where(f => f.CarrierId == cid);
        }

        if (village is not null)
        {
            filings = filings.Where(f => f.VillageCode == village);
        }

        if (filed is { } fs)
        {
            filings = filings.Where(f => f.Service == fs);
        }

        if (q.AsOf is { } day)
        {
            filings = filings.Where(f => f.ValidFrom <= day && (f.ValidTo == null || f.ValidTo >= day));
        }

        var joined = filings.Join(db.Villages, f => f.VillageCode, v => v.Code, (f, v) => new { f, v.Location });
        if (q.Bbox is { } box)
        {
            joined = joined.Where(x => x.Location.Intersects(box));
        }

        var matched = await joined.LongCountAsync(ct);
        var rows = await joined.OrderBy(x => x.f.Id).Skip(q.Offset).Take(q.Limit).ToListAsync(ct);
        var statusDay = q.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var features = rows.Select(x => new Feature<ServiceFilingProperties>(x.f.Id, x.Location,
            ServiceFilingProperties.From(x.f, carriers[x.f.CarrierId], statusDay))).ToList();
        return TypedResults.Json(Paging.Page(request, features, matched, q, clock.GetUtcNow()), contentType: Paging.GeoJson);
    }

    internal static async Task<IResult> GetFiling(InfraDb db, TimeProvider clock, HttpResponse response, long id, string? asOf, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var instant = AsOfReader.Parse(asOf, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var layer = Layers.ServiceFilings;
        var source = instant is { } at ? AsOfReader.Reconstruct(db, layer, at).IgnoreQueryFilters() : layer.Records(db);
        var filing = await source.SingleOrDefaultAsync(f => f.Id == id, ct);
        if (filing is null)
        {
            return Problems.NotFound(instant is null ? $"There is no filing {id}." : $"Filing {id} did not exist at {instant:O}.");
        }

        if (instant is null)
        {
            response.Headers.ETag = $"\"{db.Entry(filing).Property<uint>("Version").CurrentValue}\"";
        }

        var carrier = await db.Carriers.AsNoTracking().SingleAsync(c => c.Id == filing.CarrierId, ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Json(new Feature<ServiceFilingProperties>(filing.Id, await layer.LocateAsync(db, filing, ct),
            ServiceFilingProperties.From(filing, carrier, today)), contentType: Paging.GeoJson);
    }

    internal static short? CarrierFilter(string? code, IReadOnlyDictionary<short, Carrier> carriers, List<FieldError> errors)
    {
        if (code is null)
        {
            return null;
        }

        var match = carriers.Values.FirstOrDefault(c => c.Code == code);
        if (match is null)
        {
            errors.Add(new FieldError("carrier", $"Unknown carrier '{code}'. Known: {string.Join(", ", carriers.Values.OrderBy(c => c.Id).Select(c => c.Code))}."));
            return null;
        }

        return match.Id;
    }
}

/// <summary>The list and get handlers all asset layers share.</summary>
internal static class AssetLayer
{
    public static async Task<IResult> List<T, TProps>(HttpRequest request, InfraDb db, TimeProvider clock, FeatureQuery query, string? recordedAt,
        Layer<T> layer, Func<Polygon, Expression<Func<T, bool>>> inBox, Func<T, Geometry> geometry,
        Func<T, Carrier, DateOnly, TProps> properties, CancellationToken ct) where T : Asset
    {
        var (errors, q) = query.Parse();
        var instant = AsOfReader.Parse(recordedAt, errors);
        var source = instant is { } at ? AsOfReader.Reconstruct(db, layer, at) : db.Set<T>();
        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, ct);
        var carrierId = AssetsApi.CarrierFilter(q.Carrier, carriers, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = source.AsNoTracking().AsOf(q.AsOf, q.Status, today);
        if (carrierId is { } cid)
        {
            rows = rows.Where(a => a.CarrierId == cid);
        }

        if (q.Bbox is { } box)
        {
            rows = rows.Where(inBox(box));
        }

        var matched = await rows.LongCountAsync(ct);
        var page = await rows.OrderBy(a => a.Id).Skip(q.Offset).Take(q.Limit).ToListAsync(ct);
        var asOf = q.AsOf ?? today;
        var features = page.Select(a => new Feature<TProps>(a.Id, geometry(a), properties(a, carriers[a.CarrierId], asOf))).ToList();
        return Paging.Json(Paging.Page(request, features, matched, q, clock.GetUtcNow()));
    }

    /// <summary>One record, withdrawn or not (nothing is deleted); with <c>asOf</c>, as it was recorded at that instant.</summary>
    public static async Task<IResult> Get<T, TProps>(InfraDb db, TimeProvider clock, HttpResponse response, Layer<T> layer, long id, string? recordedAt,
        Func<T, Geometry> geometry, Func<T, Carrier, DateOnly, TProps> properties, CancellationToken ct) where T : Asset
    {
        var errors = new List<FieldError>();
        var instant = AsOfReader.Parse(recordedAt, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var source = instant is { } at ? AsOfReader.Reconstruct(db, layer, at).IgnoreQueryFilters().AsNoTracking() : layer.Records(db);
        var asset = await source.SingleOrDefaultAsync(a => a.Id == id, ct);
        if (asset is null)
        {
            return Problems.NotFound(instant is null ? $"There is no record {id} in {layer.Name}." : $"Record {id} of {layer.Name} did not exist at {instant:O}.");
        }

        var carrier = await db.Carriers.AsNoTracking().SingleAsync(c => c.Id == asset.CarrierId, ct);
        if (instant is null)
        {
            response.Headers.ETag = $"\"{db.Entry(asset).Property<uint>("Version").CurrentValue}\"";
        }

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return TypedResults.Json(new Feature<TProps>(asset.Id, geometry(asset), properties(asset, carrier, today)), contentType: Paging.GeoJson);
    }

    /// <summary>
    /// The as-of filter: with a status, the assets in that status on the date (today without one); with only
    /// a date, the assets that existed that day and were not yet retired; with neither, every record.
    /// </summary>
    public static IQueryable<T> AsOf<T>(this IQueryable<T> rows, DateOnly? asOf, AssetStatus? status, DateOnly today) where T : Asset
    {
        var d = asOf ?? today;
        return status switch
        {
            AssetStatus.Retired => rows.Where(a => a.Lifecycle.RetiredOn <= d),
            AssetStatus.InService => rows.Where(a => a.Lifecycle.CommissionedOn <= d && !(a.Lifecycle.RetiredOn <= d)),
            AssetStatus.UnderConstruction => rows.Where(a => a.Lifecycle.ConstructionStartedOn <= d && !(a.Lifecycle.CommissionedOn <= d)),
            AssetStatus.Planned => rows.Where(a => (a.Lifecycle.PlannedOn ?? a.Lifecycle.ConstructionStartedOn ?? a.Lifecycle.CommissionedOn) <= d
                && !(a.Lifecycle.ConstructionStartedOn <= d) && !(a.Lifecycle.CommissionedOn <= d)),
            _ when asOf is not null => rows.Where(a => (a.Lifecycle.PlannedOn ?? a.Lifecycle.ConstructionStartedOn ?? a.Lifecycle.CommissionedOn) <= d
                && !(a.Lifecycle.RetiredOn <= d)),
            _ => rows,
        };
    }
}
