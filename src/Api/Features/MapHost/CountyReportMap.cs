using Infra.Api.Features.Reports;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Infra.Map.Rendering;
using Infra.Map.Tiles;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.MapHost;

/// <summary>
/// The printed report's county map, drawn by the same server renderer as <c>/api/maps/render.png</c>: the county's
/// box, its townships shaded by the service's share, the villages served (green) and not served (red) on the
/// report's date, and the assets that bring that service, in the report's language.
/// </summary>
public sealed class CountyReportMap(MapRenderer renderer) : IReportMap
{
    /// <summary>
    /// 1,600 pixels across the 180 mm the A4 page prints (ReportHtml's 15 mm margins): about 225 dpi, sharp in print
    /// while a county's PNG stays a few hundred kilobytes.
    /// </summary>
    private const int WidthPx = 1_600;

    /// <summary>The page's map box is at most 120 mm high (ReportHtml: <c>figure.map img</c>) against 180 mm across.</summary>
    private const double MaxHeightOverWidth = 120.0 / 180.0;

    /// <summary>Room around the county so its boundary and the villages on it are not cut by the frame.</summary>
    private const double Margin = 0.04;

    private static readonly string[] Always = ["townships", "boundaries", "villages"];

    public async Task<byte[]?> RenderCountyAsync(County county, Service service, DateOnly asOf, ReportLanguage language, CancellationToken ct)
    {
        var id = ServiceId(service);
        if (id is null)
        {
            return null;
        }

        var (bbox, height) = Frame(county.Boundary.EnvelopeInternal);
        var request = new RenderRequest(bbox, WidthPx, height, new HashSet<string>([.. Always, .. AssetLayers(service)], StringComparer.Ordinal), id, asOf,
            language == ReportLanguage.En ? "en" : "zh");
        var (png, _) = await renderer.RenderPngAsync(request, ct);
        return png;
    }

    /// <summary>The map's name of a village service; the IP backbone is a township measure with no village layer to draw.</summary>
    public static string? ServiceId(Service service) => service switch
    {
        Service.Mobile => "mobile",
        Service.Broadband => "broadband",
        Service.Phone => "phone",
        Service.CableTv => "cable_tv",
        Service.Radio => "radio",
        Service.Tv => "tv",
        _ => null,
    };

    /// <summary>The assets that can bring the service (DESIGN §2), so a reader sees why a red village is red.</summary>
    private static string[] AssetLayers(Service service) => service switch
    {
        Service.Mobile => ["footprints", "base-stations"],
        Service.Broadband => ["fiber-routes", "access-points"],
        Service.Phone => ["switching-nodes", "access-points"],
        Service.CableTv => ["fiber-routes"],
        _ => ["transmitters"],
    };

    /// <summary>The county's box with a margin, widened (in Web Mercator, as drawn) to the page's shape when it is taller than the page allows.</summary>
    private static (Envelope Bbox, int Height) Frame(Envelope county)
    {
        var box = new Envelope(county);
        box.ExpandBy(county.Width * Margin, county.Height * Margin);
        var (x0, y0) = TileMath.Mercator(box.MinX, box.MinY);
        var (x1, y1) = TileMath.Mercator(box.MaxX, box.MaxY);
        var ratio = (y1 - y0) / (x1 - x0);
        if (ratio > MaxHeightOverWidth)
        {
            // Too tall for the page: keep the height and widen the box around its centre.
            var grow = box.Width * (ratio / MaxHeightOverWidth - 1) / 2;
            box = new Envelope(box.MinX - grow, box.MaxX + grow, box.MinY, box.MaxY);
            ratio = MaxHeightOverWidth;
        }

        return (box, Math.Max(64, (int)Math.Round(WidthPx * ratio)));
    }
}
