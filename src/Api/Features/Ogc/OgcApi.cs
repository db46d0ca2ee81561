using Infra.Api.Data;
using Infra.Api.Features.Assets;
using Infra.Api.Features.Regions;
using Infra.Api.Http;
using Infra.Map;

namespace Infra.Api.Features.Ogc;

/// <summary>
/// OGC API – Features Part 1 Core (OGC 17-069r4) over every layer, so QGIS and GDAL open them with no
/// plugin. The items are the read API's own lists (same filters, same paging code), mounted under /ogc.
/// </summary>
public static class OgcApi
{
    public const string Core = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core";
    public const string GeoJson = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson";
    public const string Oas30 = "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30";
    private const string Crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    private delegate Task<IResult> ListHandler(HttpRequest r, InfraDb db, TimeProvider t, FeatureQuery q, CancellationToken ct);

    public static IReadOnlyList<OgcCollectionInfo> Collections { get; } =
    [
        new("counties", "区县 Counties", "County-level divisions (区/县) with boundaries, area and population.", false),
        new("townships", "乡镇 Townships", "Township-level divisions (乡/镇/街道) with boundaries.", false),
        new("villages", "村庄 Villages", "Administrative villages (行政村), natural villages (自然村) and communities (社区) as points.", false),
        new("base-stations", "基站 Base stations", "Base stations with technology and footprint; datetime = as-of date.", true),
        new("fiber-routes", "光缆 Fiber routes", "Fiber routes with geodesic length; datetime = as-of date.", true),
        new("switching-nodes", "交换节点 Switching nodes", "Switching nodes with capacity and subscribers; datetime = as-of date.", true),
        new("access-points", "接入网点 Access points", "Access points with ports and reach; datetime = as-of date.", true),
        new("transmitters", "广播电视发射台 Transmitters", "Radio and TV transmitters; datetime = as-of date.", true),
        new("service-filings", "业务覆盖申报 Service filings", "Carriers' service filings at their village's point; datetime = filings valid that day.", true),
    ];

    public static RouteGroupBuilder MapOgcApi(this IEndpointRouteBuilder app)
    {
        var ogc = app.MapGroup("/ogc").WithTags("OGC API – Features");
        ogc.MapGet("/", Landing).WithName("OgcLanding").WithSummary("OGC API – Features landing page.");
        ogc.MapGet("/conformance", () => TypedResults.Ok(new { ConformsTo = new[] { Core, GeoJson, Oas30 } }))
            .WithName("OgcConformance").WithSummary("The conformance classes this API implements.");
        ogc.MapGet("/collections", async (HttpRequest r, IMapSource map, CancellationToken ct) =>
        {
            var bounds = (await map.DataSetAsync(ct)).Bounds;
            return TypedResults.Ok(new
            {
                Links = new[] { new Link(Url(r, "/ogc/collections"), "self", "application/json") },
                Collections = Collections.Select(c => Describe(r, c, bounds)),
            });
        }).WithName("OgcCollections").WithSummary("Every feature collection.");
        ogc.MapGet("/collections/{collectionId}", async (HttpRequest r, IMapSource map, string collectionId, CancellationToken ct) =>
            Collections.FirstOrDefault(c => c.Id == collectionId) is { } c
                ? (IResult)TypedResults.Ok(Describe(r, c, (await map.DataSetAsync(ct)).Bounds))
                : Problems.NotFound($"There is no collection '{collectionId}'."))
            .WithName("OgcCollection").WithSummary("One feature collection.");

        Items(ogc, "base-stations", (r, db, t, q, ct) => AssetsApi.ListBaseStations(r, db, t, q, null, ct));
        Items(ogc, "fiber-routes", (r, db, t, q, ct) => AssetsApi.ListFiberRoutes(r, db, t, q, null, ct));
        Items(ogc, "switching-nodes", (r, db, t, q, ct) => AssetsApi.ListSwitchingNodes(r, db, t, q, null, ct));
        Items(ogc, "access-points", (r, db, t, q, ct) => AssetsApi.ListAccessPoints(r, db, t, q, null, ct));
        Items(ogc, "transmitters", (r, db, t, q, ct) => AssetsApi.ListTransmitters(r, db, t, q, null, ct));
        Items(ogc, "counties", RegionsApi.ListCounties);
        Items(ogc, "townships", (r, db, t, q, ct) => RegionsApi.ListTownships(r, db, t, q, r.Query["county"], ct));
        Items(ogc, "villages", (r, db, t, q, ct) =>
            RegionsApi.ListVillages(r, db, t, q, r.Query["kind"], r.Query["county"], r.Query["township"], r.Query["parent"], r.Query["q"], ct));
        Items(ogc, "service-filings", async (r, db, t, q, ct) =>
            await AssetsApi.ListFilings(r, db, t, q, r.Query["village"], r.Query["service"], null, ct));

        ogc.MapGet("/collections/base-stations/items/{featureId:long}", (InfraDb db, TimeProvider t, HttpResponse res, long featureId, CancellationToken ct) =>
            AssetsApi.GetBaseStation(db, t, res, featureId, null, ct)).WithName("OgcBaseStation");
        ogc.MapGet("/collections/fiber-routes/items/{featureId:long}", (InfraDb db, TimeProvider t, HttpResponse res, long featureId, CancellationToken ct) =>
            AssetsApi.GetFiberRoute(db, t, res, featureId, null, ct)).WithName("OgcFiberRoute");
        ogc.MapGet("/collections/switching-nodes/items/{featureId:long}", (InfraDb db, TimeProvider t, HttpResponse res, long featureId, CancellationToken ct) =>
            AssetsApi.GetSwitchingNode(db, t, res, featureId, null, ct)).WithName("OgcSwitchingNode");
        ogc.MapGet("/collections/access-points/items/{featureId:long}", (InfraDb db, TimeProvider t, HttpResponse res, long featureId, CancellationToken ct) =>
            AssetsApi.GetAccessPoint(db, t, res, featureId, null, ct)).WithName("OgcAccessPoint");
        ogc.MapGet("/collections/transmitters/items/{featureId:long}", (InfraDb db, TimeProvider t, HttpResponse res, long featureId, CancellationToken ct) =>
            AssetsApi.GetTransmitter(db, t, res, featureId, null, ct)).WithName("OgcTransmitter");
        ogc.MapGet("/collections/service-filings/items/{featureId:long}", (InfraDb db, TimeProvider t, HttpResponse res, long featureId, CancellationToken ct) =>
            AssetsApi.GetFiling(db, t, res, featureId, null, ct)).WithName("OgcServiceFiling");
        ogc.MapGet("/collections/villages/items/{featureId}", (InfraDb db, string featureId, CancellationToken ct) =>
            RegionsApi.GetVillage(db, featureId, ct)).WithName("OgcVillage");
        ogc.MapGet("/collections/counties/items/{featureId}", (HttpRequest r, InfraDb db, TimeProvider t, string featureId, CancellationToken ct) =>
            One(r, db, t, featureId, RegionsApi.ListCounties, ct)).WithName("OgcCounty");
        ogc.MapGet("/collections/townships/items/{featureId}", (HttpRequest r, InfraDb db, TimeProvider t, string featureId, CancellationToken ct) =>
            One(r, db, t, featureId, (r2, db2, t2, q, c) => RegionsApi.ListTownships(r2, db2, t2, q, null, c), ct)).WithName("OgcTownship");
        return ogc;
    }

    /// <summary>
    /// The items of a collection. OGC asks servers to cap an over-large <c>limit</c> rather than refuse it
    /// (Part 1, /req/core/fc-limit-response-1), so it is capped here; every other filter is the read API's.
    /// </summary>
    private static void Items(RouteGroupBuilder ogc, string id, ListHandler list) =>
        ogc.MapGet($"/collections/{id}/items", (HttpRequest r, InfraDb db, TimeProvider t, [AsParameters] FeatureQuery q, CancellationToken ct) =>
                list(r, db, t, q with { Limit = q.Limit is > FeatureQuery.MaxLimit ? FeatureQuery.MaxLimit : q.Limit }, ct))
            .WithName($"OgcItems-{id}").WithSummary($"Features of {id} (GeoJSON), filtered by bbox and datetime, paged with limit and next links.");

    /// <summary>A county or township by code: the list filtered to that code, unwrapped.</summary>
    private static async Task<IResult> One(HttpRequest r, InfraDb db, TimeProvider t, string code, ListHandler list, CancellationToken ct)
    {
        // Regions are few (10 counties, ~200 townships): filtering the full list keeps one query path for both.
        var all = await list(r, db, t, new FeatureQuery(FeatureQuery.MaxLimit, 0, null, null, null, null), ct);
        if (all is not IValueHttpResult { Value: IFeaturePage page })
        {
            return all;
        }

        var feature = page.Items.FirstOrDefault(f => Equals(f.Id, code));
        if (feature is not null)
        {
            return TypedResults.Json<object>(feature, contentType: Paging.GeoJson);
        }

        return Problems.NotFound($"There is no region with code {code}.");
    }

    private static async Task<object> Landing(HttpRequest r, IMapSource map, CancellationToken ct) => new
    {
        Title = "Infra — OGC API – Features",
        Description = $"{(await map.DataSetAsync(ct)).Name}: the telecom network and its coverage, every layer of Infra as a feature collection.",
        Links = new[]
        {
            new Link(Url(r, "/ogc"), "self", "application/json", "This document"),
            new Link(Url(r, "/openapi/v1.json"), "service-desc", "application/vnd.oai.openapi+json;version=3.0", "The API definition"),
            new Link(Url(r, "/docs"), "service-doc", "text/html", "The API documentation"),
            new Link(Url(r, "/ogc/conformance"), "conformance", "application/json", "Conformance classes"),
            new Link(Url(r, "/ogc/collections"), "data", "application/json", "The feature collections"),
        },
    };

    /// <summary>A collection's metadata; its spatial extent is the region's (the data set's counties).</summary>
    private static object Describe(HttpRequest r, OgcCollectionInfo c, IReadOnlyList<double> bounds) => new
    {
        c.Id,
        c.Title,
        c.Description,
        ItemType = "feature",
        Crs = new[] { Crs84 },
        Extent = new
        {
            Spatial = new { Bbox = new[] { bounds }, Crs = Crs84 },
            Temporal = c.Temporal ? new { Interval = new[] { new string?[] { "2000-01-01T00:00:00Z", null } } } : null,
        },
        Links = new[]
        {
            new Link(Url(r, $"/ogc/collections/{c.Id}"), "self", "application/json", c.Title),
            new Link(Url(r, $"/ogc/collections/{c.Id}/items"), "items", Paging.GeoJson, c.Title),
        },
    };

    private static string Url(HttpRequest r, string path) => $"{r.Scheme}://{r.Host}{r.PathBase}{path}";
}

public sealed record OgcCollectionInfo(string Id, string Title, string Description, bool Temporal);
