using Infra.Domain.Coverage;
using Infra.Domain.Plans;
using Infra.Map.Styles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infra.Map;

/// <summary>One region's share on the map, with what it counts (places, or people for radio and TV).</summary>
public sealed record MapShare(string Code, double? Share, long Served, long Counted);

/// <summary>What the viewer shows before any data: the region's name for its title and its extent for the first view.</summary>
public sealed record MapRegion(string Name, string NameEn, IReadOnlyList<double> Bounds, string DataSet, bool IsDemo);

public sealed record MapSummary(DateOnly AsOf, string Service, string Measure, string MeasureEn, MapShare City, IReadOnlyList<MapShare> Counties);

/// <summary>
/// The numbers beside the map: the same share the choropleth colours (<see cref="Tiles.MapShares"/>), for the city
/// and each county, so the figure a planner reads always matches the colour they see.
/// </summary>
public static class SummaryApi
{
    public static void MapSummaryApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/maps/summary", Summary).WithTags("Map").WithName("MapSummary")
            .WithSummary("The share the map colours, for the city and each county, for a service as of a date.");
        app.MapGet("/api/maps/region", async (IMapSource source, CancellationToken ct) =>
            {
                var set = await source.DataSetAsync(ct);
                return TypedResults.Ok(new MapRegion(set.RegionName, set.RegionNameEn, set.Bounds, set.Name, set.IsDemo));
            }).WithTags("Map").WithName("MapRegion")
            .WithSummary("The region the data set covers: the city's name (Chinese, English), its extent [west, south, east, north] and the data set.");
    }

    private static async Task<IResult> Summary(IMapSource source, TimeProvider clock, string? asOf, string? service, CancellationToken ct)
    {
        var date = MapProblems.ParseAsOf(asOf, clock, out var problem);
        var style = MapStyle.Default.Services.FirstOrDefault(s => s.Id == (service ?? "broadband"));
        var errors = new List<MapProblems.FieldError>();
        if (problem is not null)
        {
            errors.Add(new("asOf", $"'{asOf}' is not a date (YYYY-MM-DD)."));
        }

        if (style is null)
        {
            errors.Add(new("service", $"service must be one of {string.Join(", ", MapStyle.Default.Services.Select(s => s.Id))}."));
        }

        if (errors.Count > 0)
        {
            return MapProblems.Invalid(errors);
        }

        var svc = ServiceOf(style!.Id);
        var summary = (await source.CoverageAsync(date, ct)).Summary;
        return TypedResults.Ok(new MapSummary(date, style.Id, style.ShareZh, style.ShareEn, Share(summary.City, svc),
            [.. summary.Counties.Values.OrderBy(c => c.Code).Select(c => Share(c, svc))]));
    }

    public static Service ServiceOf(string id) => id switch
    {
        "mobile" => Service.Mobile,
        "broadband" => Service.Broadband,
        "phone" => Service.Phone,
        "cable_tv" => Service.CableTv,
        "radio" => Service.Radio,
        _ => Service.Tv,
    };

    private static MapShare Share(RegionSummary region, Service service)
    {
        var group = Tiles.MapShares.GroupOf(service);
        var tally = region[service, group];
        var byPeople = group == PlaceGroup.Populated;
        return new MapShare(region.Code, Tiles.MapShares.Share(region, service),
            byPeople ? tally.PopulationServed : tally.Served, byPeople ? tally.Population : tally.Count);
    }
}
