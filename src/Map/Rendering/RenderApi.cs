using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Infra.Map.Rendering;

/// <summary>Printable map images: <c>GET /api/maps/render.png</c>.</summary>
public static class RenderApi
{
    public static void MapRenderApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/maps/render.png", Render).WithTags("Map").WithName("RenderMap")
            .WithSummary("A PNG map of a bbox (WGS 84): layers (style ids, default all), service's coverage, as of a date; legend, scale bar, north arrow.");

    private static async Task<IResult> Render(HttpResponse response, MapRenderer renderer, TimeProvider clock, string? bbox, int? width, int? height, string? layers,
        string? service, string? asOf, string? lang, CancellationToken ct)
    {
        var date = MapProblems.ParseAsOf(asOf, clock, out var problem);
        var (request, errors) = RenderRequest.Parse(bbox, width, height, layers, service, date, lang);
        if (problem is not null)
        {
            errors.Insert(0, new MapProblems.FieldError("asOf", $"'{asOf}' is not a date (YYYY-MM-DD)."));
        }

        if (errors.Count > 0 || request is null)
        {
            return MapProblems.Invalid(errors);
        }

        var (png, timing) = await renderer.RenderPngAsync(request, ct);
        response.Headers["Server-Timing"] = timing;
        return TypedResults.File(png, "image/png");
    }
}
