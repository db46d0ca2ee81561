using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infra.Map.Rendering;

/// <summary>Printable map images: <c>GET /api/maps/render.png</c>.</summary>
public static class RenderApi
{
    public static void MapRenderApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/maps/render.png", Render).WithTags("Map").WithName("RenderMap")
            .WithSummary("A PNG map of a bbox (WGS 84): layers (style ids, default all), service's coverage, as of a date; legend, scale bar, north arrow; "
                + "with scenario={id}, that planning scenario's proposals drawn over it, on its base date unless asOf says otherwise.");

    private static async Task<IResult> Render(HttpResponse response, MapRenderer renderer, IMapSource source, TimeProvider clock, string? bbox, int? width,
        int? height, string? layers, string? service, string? asOf, string? lang, int? scenario, CancellationToken ct)
    {
        var proposals = scenario is { } id ? await source.ScenarioAsync(id, ct) : null;
        var date = MapProblems.ParseAsOf(asOf, clock, out var problem);
        if (asOf is null && proposals is not null)
        {
            date = proposals.BaseDate;
        }

        var (request, errors) = RenderRequest.Parse(bbox, width, height, layers, service, date, lang);
        if (problem is not null)
        {
            errors.Insert(0, new MapProblems.FieldError("asOf", $"'{asOf}' is not a date (YYYY-MM-DD)."));
        }

        if (scenario is not null && proposals is null)
        {
            errors.Add(new MapProblems.FieldError("scenario", $"There is no scenario {scenario}."));
        }

        if (errors.Count > 0 || request is null)
        {
            return MapProblems.Invalid(errors);
        }

        var (png, timing) = await renderer.RenderPngAsync(request with { Scenario = proposals }, ct);
        response.Headers["Server-Timing"] = timing;
        return TypedResults.File(png, "image/png");
    }
}
