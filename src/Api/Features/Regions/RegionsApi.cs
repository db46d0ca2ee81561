using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Regions;

public sealed record CountyProperties(string Code, string Name, string NameEn, double AreaKm2, long Population,
    int Townships, int AdministrativeVillages, double SeatLon, double SeatLat);

public sealed record TownshipProperties(string Code, string Name, TownshipKind Kind, bool Rural, string CountyCode,
    double AreaKm2, long Population, int AdministrativeVillages, double SeatLon, double SeatLat);

public sealed record VillageProperties(string Code, VillageKind Kind, string Name, string TownshipCode, string CountyCode,
    string? ParentCode, int Population, int Households);

/// <summary>
/// Counties, townships and villages as GeoJSON. Population is that of the atomic places (natural villages
/// and communities), summed; areas are measured on the ellipsoid.
/// </summary>
public static class RegionsApi
{
    public static RouteGroupBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Regions");
        api.MapGet("/counties", ListCounties).WithName("ListCounties").WithSummary("County-level divisions (区/县) with boundaries.");
        api.MapGet("/townships", ListTownships).WithName("ListTownships").WithSummary("Township-level divisions (乡/镇/街道) with boundaries; filter by county.");
        api.MapGet("/villages", ListVillages).WithName("ListVillages")
            .WithSummary("Villages: kind=admin (行政村), natural (自然村) or community (社区); filter by county, township, parent or name (q).");
        api.MapGet("/villages/{code}", GetVillage).WithName("GetVillage").WithSummary("One village by its 12- or 15-digit code.");
        return api;
    }

    internal static async Task<IResult> ListCounties(HttpRequest request, InfraDb db, TimeProvider clock,
        [AsParameters] FeatureQuery query, CancellationToken ct)
    {
        var (errors, q) = query.Parse();
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var counties = db.Counties.AsNoTracking();
        if (q.Bbox is { } box)
        {
            counties = counties.Where(c => c.Boundary.Intersects(box));
        }

        var matched = await counties.LongCountAsync(ct);
        var rows = await counties.OrderBy(c => c.Code).Skip(q.Offset).Take(q.Limit).Select(c => new
        {
            County = c,
            Population = db.Villages.Where(v => v.Kind != VillageKind.Administrative && v.TownshipCode.StartsWith(c.Code)).Sum(v => (long)v.Population),
            Townships = db.Townships.Count(t => t.CountyCode == c.Code),
            Villages = db.Villages.Count(v => v.Kind == VillageKind.Administrative && v.TownshipCode.StartsWith(c.Code)),
        }).ToListAsync(ct);
        var features = rows.Select(r => new Feature<CountyProperties>(r.County.Code, r.County.Boundary, new CountyProperties(
            r.County.Code, r.County.Name, r.County.NameEn, Math.Round(Geodesic.AreaKm2(r.County.Boundary), 1), r.Population,
            r.Townships, r.Villages, r.County.Seat.X, r.County.Seat.Y))).ToList();
        return Paging.Json(Paging.Page(request, features, matched, q, clock.GetUtcNow()));
    }

    internal static async Task<IResult> ListTownships(HttpRequest request, InfraDb db, TimeProvider clock,
        [AsParameters] FeatureQuery query, string? county, CancellationToken ct)
    {
        var (errors, q) = query.Parse();
        if (county is not null && !RegionCodes.IsCounty(county))
        {
            errors.Add(new FieldError("county", "county is a 6-digit county code."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var townships = db.Townships.AsNoTracking();
        if (county is not null)
        {
            townships = townships.Where(t => t.CountyCode == county);
        }

        if (q.Bbox is { } box)
        {
            townships = townships.Where(t => t.Boundary.Intersects(box));
        }

        var matched = await townships.LongCountAsync(ct);
        var rows = await townships.OrderBy(t => t.Code).Skip(q.Offset).Take(q.Limit).Select(t => new
        {
            Township = t,
            Population = db.Villages.Where(v => v.Kind != VillageKind.Administrative && v.TownshipCode == t.Code).Sum(v => (long)v.Population),
            Villages = db.Villages.Count(v => v.Kind == VillageKind.Administrative && v.TownshipCode == t.Code),
        }).ToListAsync(ct);
        var features = rows.Select(r => new Feature<TownshipProperties>(r.Township.Code, r.Township.Boundary, new TownshipProperties(
            r.Township.Code, r.Township.Name, r.Township.Kind, r.Township.IsRural, r.Township.CountyCode,
            Math.Round(Geodesic.AreaKm2(r.Township.Boundary), 2), r.Population, r.Villages, r.Township.Seat.X, r.Township.Seat.Y))).ToList();
        return Paging.Json(Paging.Page(request, features, matched, q, clock.GetUtcNow()));
    }

    internal static async Task<IResult> ListVillages(HttpRequest request, InfraDb db, TimeProvider clock,
        [AsParameters] FeatureQuery query, string? kind, string? county, string? township, string? parent, string? q, CancellationToken ct)
    {
        var (errors, p) = query.Parse();
        VillageKind? villageKind = kind switch
        {
            null => null,
            "admin" or "administrative" => VillageKind.Administrative,
            "natural" => VillageKind.Natural,
            "community" => VillageKind.Community,
            _ => null,
        };
        if (kind is not null && villageKind is null)
        {
            errors.Add(new FieldError("kind", "kind must be admin, natural or community."));
        }

        if (county is not null && !RegionCodes.IsCounty(county))
        {
            errors.Add(new FieldError("county", "county is a 6-digit county code."));
        }

        if (township is not null && !RegionCodes.IsTownship(township))
        {
            errors.Add(new FieldError("township", "township is a 9-digit township code."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var villages = db.Villages.AsNoTracking();
        if (villageKind is { } k)
        {
            villages = villages.Where(v => v.Kind == k);
        }

        if (county is not null)
        {
            villages = villages.Where(v => v.TownshipCode.StartsWith(county));
        }

        if (township is not null)
        {
            villages = villages.Where(v => v.TownshipCode == township);
        }

        if (parent is not null)
        {
            villages = villages.Where(v => v.ParentCode == parent);
        }

        if (!string.IsNullOrWhiteSpace(q))
        {
            var text = q.Trim();
            villages = villages.Where(v => v.Name.Contains(text) || v.Code.StartsWith(text));
        }

        if (p.Bbox is { } box)
        {
            villages = villages.Where(v => v.Location.Intersects(box));
        }

        var matched = await villages.LongCountAsync(ct);
        var rows = await villages.OrderBy(v => v.Code).Skip(p.Offset).Take(p.Limit).ToListAsync(ct);
        var features = rows.Select(v => new Feature<VillageProperties>(v.Code, v.Location, Properties(v))).ToList();
        return Paging.Json(Paging.Page(request, features, matched, p, clock.GetUtcNow()));
    }

    internal static async Task<Results<JsonHttpResult<Feature<VillageProperties>>, ProblemHttpResult>> GetVillage(
        InfraDb db, string code, CancellationToken ct)
    {
        var v = await db.Villages.AsNoTracking().SingleOrDefaultAsync(x => x.Code == code, ct);
        return v is null
            ? Problems.NotFound($"There is no village with code {code}.")
            : TypedResults.Json(new Feature<VillageProperties>(v.Code, v.Location, Properties(v)), contentType: Paging.GeoJson);
    }

    private static VillageProperties Properties(Village v) =>
        new(v.Code, v.Kind, v.Name, v.TownshipCode, v.CountyCode, v.ParentCode, v.Population, v.Households);

    internal static Geometry? Unused => null;
}
