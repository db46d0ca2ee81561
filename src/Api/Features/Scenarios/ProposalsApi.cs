using System.Text.Json.Nodes;
using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Planning;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Scenarios;

/// <summary>A scenario's proposals as GeoJSON: list, add (one Feature or a FeatureCollection, all or nothing), remove.</summary>
public static class ProposalsApi
{
    public static void MapProposalsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/{id:int}/assets", List).WithName("ListScenarioAssets")
            .WithSummary("The scenario's proposals as a GeoJSON FeatureCollection (stations, fiber with geodesic km, access points).");
        api.MapPost("/{id:int}/assets", Add).WithName("AddScenarioAssets")
            .WithSummary("Add proposals drawn by hand: a GeoJSON Feature or FeatureCollection with kind and carrier; all or nothing, every bad feature reported.")
            .Accepts<JsonObject>("application/geo+json", "application/json")
            .RequireAuthorization(Auth.Policies.Planner);
        api.MapGet("/{id:int}/export", Export).WithName("ExportScenario")
            .WithSummary("The proposals as a file to hand to a carrier: geojson, gpkg or csv (WKT), with the fields of /assets.");
        api.MapDelete("/{id:int}/assets/{assetId:long}", Remove).WithName("RemoveScenarioAsset").WithSummary("Remove one proposal.")
            .RequireAuthorization(Auth.Policies.Planner);
    }

    private static async Task<IResult> List(InfraDb db, TimeProvider clock, int id, CancellationToken ct)
    {
        if (!await db.Scenarios.AnyAsync(s => s.Id == id, ct))
        {
            return ScenariosApi.NotFound(id);
        }

        var assets = await db.ProposedAssets.AsNoTracking().Where(a => a.ScenarioId == id).OrderBy(a => a.Sequence).ToListAsync(ct);
        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var features = assets.Select(a => ScenarioMapping.ToFeature(a, carriers)).ToList();
        return Paging.Json(new FeatureCollection<ProposalProperties>(features, features.Count, features.Count, clock.GetUtcNow(), []));
    }

    private static async Task<IResult> Export(InfraDb db, HttpContext http, int id, string? format, CancellationToken ct)
    {
        var f = (format ?? "geojson").ToLowerInvariant();
        if (!Exports.Exporter.Formats.Contains(f))
        {
            return Problems.Invalid("format", $"format must be one of {string.Join(", ", Exports.Exporter.Formats)}.");
        }

        var scenario = await db.Scenarios.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (scenario is null)
        {
            return ScenariosApi.NotFound(id);
        }

        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var rows = db.ProposedAssets.AsNoTracking().Where(a => a.ScenarioId == id).OrderBy(a => a.Sequence).AsAsyncEnumerable()
            .Select(a => ScenarioMapping.ExportRow(a, carriers));
        http.Response.ContentType = Exports.Exporter.ContentType(f);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"scenario-{id}.{f}\"";
        await Exports.Exporter.WriteFeaturesAsync(f, ScenarioMapping.ExportTable, ScenarioMapping.ExportColumns, "GEOMETRY", rows, http.Response.Body, ct);
        return Results.Empty;
    }

    private static async Task<IResult> Add(InfraDb db, CoverageService coverage, RegionBounds bounds, TimeProvider clock, HttpRequest request,
        HttpResponse response, int id, CancellationToken ct)
    {
        var (scenario, problem) = await ScenariosApi.LoadForWriteAsync(db, request, id, required: false, ct);
        if (scenario is null)
        {
            return problem!;
        }

        var (body, error) = await FeatureBody.ReadAsync(request, ct);
        if (body is null)
        {
            return Problems.Invalid([error!]);
        }

        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var reader = new ProposalReader(network.Carriers.ToDictionary(c => c.Code, c => c.Id, StringComparer.Ordinal), network.Regions,
            await bounds.GetAsync(ct));
        var (proposals, errors) = reader.Read(body, scenario);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        proposals.ForEach(p => scenario.Add(p));
        scenario.Touch(clock.GetUtcNow());
        if (!await ScenariosApi.SaveAsync(db, ct))
        {
            return ScenariosApi.Stale(id);
        }

        response.Headers.ETag = FeatureBody.ETag(ScenariosApi.Version(db, scenario));
        var carriers = network.Carriers.ToDictionary(c => c.Id, c => c.Code);
        var features = proposals.Select(a => ScenarioMapping.ToFeature(a, carriers)).ToList();
        return TypedResults.Created($"/api/scenarios/{id}/assets",
            new FeatureCollection<ProposalProperties>(features, features.Count, features.Count, clock.GetUtcNow(), []));
    }

    private static async Task<IResult> Remove(InfraDb db, TimeProvider clock, HttpRequest request, int id, long assetId, CancellationToken ct)
    {
        var (scenario, problem) = await ScenariosApi.LoadForWriteAsync(db, request, id, required: false, ct);
        if (scenario is null)
        {
            return problem!;
        }

        var asset = scenario.Assets.FirstOrDefault(a => a.Id == assetId);
        if (asset is null)
        {
            return Problems.NotFound($"Scenario {id} has no proposal {assetId}.");
        }

        scenario.Remove(asset);
        scenario.Touch(clock.GetUtcNow());
        return await ScenariosApi.SaveAsync(db, ct) ? TypedResults.NoContent() : ScenariosApi.Stale(id);
    }
}

/// <summary>
/// Turns GeoJSON Features into proposals, collecting every problem with its row (the 1-based index of the feature in a
/// FeatureCollection; none for a single Feature). The county is where the proposal lies (a cable: where it ends).
/// </summary>
internal sealed class ProposalReader(IReadOnlyDictionary<string, short> carriers, Domain.Regions.RegionLocator regions, RegionBounds.Area area)
{
    /// <summary>Ports of a proposed PON access point when none is given: one OLT port split 1:64, the largest split of ITU-T G.984.</summary>
    public const int DefaultPonPorts = 64;

    public (List<ProposedAsset> Proposals, List<FieldError> Errors) Read(JsonObject body, Scenario scenario)
    {
        var type = Fields.TextOf(body["type"]);
        var errors = new List<FieldError>();
        var proposals = new List<ProposedAsset>();
        var sequences = scenario.Assets.Select(a => a.Sequence).ToHashSet();
        var next = scenario.NextSequence;
        if (type == "FeatureCollection")
        {
            if (body["features"] is not JsonArray features || features.Count == 0)
            {
                return ([], [new FieldError("features", "A FeatureCollection needs a non-empty features array.")]);
            }

            for (var i = 0; i < features.Count; i++)
            {
                if (features[i] is not JsonObject feature)
                {
                    errors.Add(new FieldError("feature", "Each feature must be a GeoJSON Feature object.", i + 1));
                    continue;
                }

                One(feature, i + 1, sequences, ref next, proposals, errors);
            }
        }
        else
        {
            One(body, null, sequences, ref next, proposals, errors);
        }

        return (proposals, errors);
    }

    private void One(JsonObject feature, int? row, HashSet<int> sequences, ref int next, List<ProposedAsset> proposals, List<FieldError> errors)
    {
        var f = new JsonFields(feature["properties"] as JsonObject, row);
        var (_, geometry) = FeatureBody.Parse(feature, f);
        var kind = f.Enum<AssetKind>("kind");
        var carrierCode = f.Text("carrier", 16);
        var source = f.Enum<ProposalSource>("source") ?? ProposalSource.Manual;
        var label = f.Text("label");
        var radius = f.Number("radiusM");
        var sequence = f.Integer("sequence");
        if (!f.Has("kind"))
        {
            f.Add("kind", "is required: base_station, fiber_route or access_point.");
        }
        else if (kind is not null and not (AssetKind.BaseStation or AssetKind.FiberRoute or AssetKind.AccessPoint))
        {
            f.Add("kind", "A scenario proposes base_station, fiber_route or access_point.");
        }

        short carrier = 0;
        if (carrierCode is null)
        {
            f.Add("carrier", $"is required: the carrier the proposal would be handed to ({string.Join(", ", carriers.Keys)}).");
        }
        else if (!carriers.TryGetValue(carrierCode, out carrier))
        {
            f.Add("carrier", $"Unknown carrier '{carrierCode}'. Known: {string.Join(", ", carriers.Keys)}.");
        }

        if (sequence is { } s && (s < 1 || !sequences.Add(s)))
        {
            f.Add("sequence", $"Sequence {s} is taken in this scenario (or not positive); leave it out to append.");
        }

        if (geometry is not null)
        {
            RegionBounds.Check(area, geometry, f);
        }

        ProposedAsset? made = null;
        if (f.Errors.Count == 0 && geometry is not null && kind is not null)
        {
            var seq = sequence ?? next;
            try
            {
                made = kind switch
                {
                    AssetKind.BaseStation when geometry is Point p =>
                        ProposedAsset.Station(seq, p, carrier, f.Enum<RadioTechnology>("technology") ?? RadioTechnology.Gsm, radius, source, label),
                    AssetKind.AccessPoint when geometry is Point p =>
                        ProposedAsset.Access(seq, p, carrier, f.Enum<AccessTechnology>("technology") ?? AccessTechnology.Pon, radius,
                            f.Integer("ports") ?? DefaultPonPorts, source, label),
                    AssetKind.FiberRoute when geometry is LineString l =>
                        ProposedAsset.Fiber(seq, l, carrier, f.Enum<FiberTier>("tier") ?? FiberTier.Access, f.Number("routeKm"), source, label),
                    _ => null,
                };
                if (made is null)
                {
                    f.Add("geometry", $"A {WireNames.Of(kind.Value)} is a {(kind == AssetKind.FiberRoute ? "LineString" : "Point")} (got {geometry.GeometryType}).");
                }
                else if (f.Errors.Count == 0)
                {
                    var at = made.Geometry is LineString line ? line.EndPoint : (Point)made.Geometry;
                    made.Describe(regions.Locate(at)?.CountyCode, kind == AssetKind.BaseStation ? (long?)f.Integer("newPopulation") : null);
                }
            }
            catch (DomainException e)
            {
                f.Add(e.Field, e.Message);
            }
        }

        if (f.Errors.Count > 0 || made is null)
        {
            errors.AddRange(f.Errors);
            return;
        }

        next = Math.Max(next, made.Sequence + 1);
        sequences.Add(made.Sequence);
        proposals.Add(made);
    }
}
