using System.Globalization;
using Infra.Map.Styles;
using NetTopologySuite.Geometries;

namespace Infra.Map.Rendering;

/// <summary>What to draw: a WGS 84 box, the image size in pixels, which style layers, which service's coverage, on which date.</summary>
public sealed record RenderRequest(Envelope Bbox, int Width, int Height, IReadOnlySet<string>? Layers, string Service, DateOnly AsOf, string Language = "zh")
{
    public const int MaxPixels = 4096;

    /// <summary>A planning scenario whose proposals are drawn over the map, or none.</summary>
    public MapScenario? Scenario { get; init; }

    /// <summary>Parses the query of <c>/api/maps/render.png</c>; the list holds an error per bad field.</summary>
    public static (RenderRequest? Request, List<MapProblems.FieldError> Errors) Parse(string? bbox, int? width, int? height, string? layers,
        string? service, DateOnly asOf, string? lang)
    {
        var errors = new List<MapProblems.FieldError>();
        Envelope? box = null;
        var parts = (bbox ?? "").Split(',');
        var v = new double[4];
        if (bbox is null)
        {
            errors.Add(new("bbox", "bbox is required: minLon,minLat,maxLon,maxLat (WGS 84)."));
        }
        else if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out v[i]) && double.IsFinite(v[i])).All(ok => ok))
        {
            errors.Add(new("bbox", "bbox must be four numbers: minLon,minLat,maxLon,maxLat (WGS 84)."));
        }
        else if (v[0] is < -180 or > 180 || v[2] is < -180 or > 180 || v[1] is < -85 or > 85 || v[3] is < -85 or > 85)
        {
            errors.Add(new("bbox", "bbox is outside lon [-180, 180] / lat [-85, 85]; is it lat/lon instead of lon/lat?"));
        }
        else if (v[0] >= v[2] || v[1] >= v[3])
        {
            errors.Add(new("bbox", "bbox minimum must be less than its maximum."));
        }
        else
        {
            box = new Envelope(v[0], v[2], v[1], v[3]);
        }

        var w = width ?? 1024;
        var h = height ?? 768;
        if (w is < 64 or > MaxPixels)
        {
            errors.Add(new("width", $"width must be 64–{MaxPixels} pixels."));
        }

        if (h is < 64 or > MaxPixels)
        {
            errors.Add(new("height", $"height must be 64–{MaxPixels} pixels."));
        }

        HashSet<string>? chosen = null;
        if (!string.IsNullOrWhiteSpace(layers))
        {
            chosen = [.. layers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
            var unknown = chosen.Where(l => MapStyle.Default.Layers.All(s => s.Id != l)).ToList();
            if (unknown.Count > 0)
            {
                errors.Add(new("layers", $"Unknown layer(s) {string.Join(", ", unknown)}. Layers: {string.Join(", ", MapStyle.Default.Layers.Select(l => l.Id))}."));
            }
        }

        var s = service ?? "broadband";
        if (MapStyle.Default.Services.All(x => x.Id != s))
        {
            errors.Add(new("service", $"service must be one of {string.Join(", ", MapStyle.Default.Services.Select(x => x.Id))}."));
        }

        var language = lang ?? "zh";
        if (language is not ("zh" or "en"))
        {
            errors.Add(new("lang", "lang must be zh or en."));
        }

        return errors.Count > 0 ? (null, errors) : (new RenderRequest(box!, w, h, chosen, s, asOf, language), errors);
    }
}
