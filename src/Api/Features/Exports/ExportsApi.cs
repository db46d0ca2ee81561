using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Exports;

/// <summary>Downloads of whole layers in the formats the importers read back.</summary>
public static class ExportsApi
{
    public static void MapExportsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/exports/{layer}", Export).WithTags("Exports").WithName("ExportLayer")
            .WithSummary("A layer as GeoJSON, CSV (WKT) or GeoPackage: format=geojson|csv|gpkg, filtered by carrier, bbox and datetime (lifecycle date).")
            .WithDescription("Withdrawn records are left out. Field names are the importers', so importing an export changes nothing.");

    private static async Task<IResult> Export(HttpContext http, InfraDb db, Exporter exporter, string layer, string? format, string? carrier, string? bbox,
        string? datetime, CancellationToken ct)
    {
        var (errors, q) = new FeatureQuery(null, null, bbox, datetime, carrier, null).Parse();
        var target = Layer.Find(layer);
        if (target is null)
        {
            errors.Add(new FieldError("layer", $"Unknown layer '{layer}': use one of {string.Join(", ", Layer.All.Select(l => l.Name))}."));
        }

        var f = (format ?? "geojson").ToLowerInvariant();
        if (!Exporter.Formats.Contains(f))
        {
            errors.Add(new FieldError("format", $"format must be one of {string.Join(", ", Exporter.Formats)}."));
        }

        var carrierId = carrier is null ? null : await exporter.CarrierIdAsync(carrier, ct);
        if (carrier is not null && carrierId is null)
        {
            errors.Add(new FieldError("carrier", $"Unknown carrier '{carrier}'."));
        }

        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var name = $"{layer}{(carrier is null ? "" : "-" + carrier)}.{f}";
        http.Response.ContentType = Exporter.ContentType(f);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        await exporter.WriteAsync(target!, new ExportQuery(f, carrierId, q.Bbox, q.AsOf), http.Response.Body, ct);
        return Results.Empty;
    }
}
