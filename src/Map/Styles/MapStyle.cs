using System.Text.Json;

namespace Infra.Map.Styles;

/// <summary>A colour ramp: stops of (value, #rrggbb), interpolated linearly as MapLibre's <c>interpolate linear</c> does.</summary>
public sealed record Ramp(IReadOnlyList<(double At, string Color)> Stops)
{
    public static Ramp From(JsonElement stops) =>
        new([.. stops.EnumerateArray().Select(s => (s[0].GetDouble(), s[1].GetString()!))]);

    /// <summary>Size ramps hold numbers where colour ramps hold colours.</summary>
    public static IReadOnlyList<(double At, double Value)> Numbers(JsonElement stops) =>
        [.. stops.EnumerateArray().Select(s => (s[0].GetDouble(), s[1].GetDouble()))];
}

public sealed record ServiceStyle(string Id, string Zh, string En, string ShareZh, string ShareEn);

public sealed record CarrierStyle(string Id, string Zh, string En, string Color);

/// <summary>One drawn layer: its kind decides how it is drawn; the rest of its settings are read by that kind's renderer.</summary>
public sealed record LayerStyle(string Id, string Zh, string En, string Kind, string Tiles, double MinZoom, double MaxZoom, JsonElement Raw)
{
    public JsonElement this[string name] => Raw.GetProperty(name);

    public bool Has(string name) => Raw.TryGetProperty(name, out _);
}

/// <summary>
/// The map's styles, defined once as data (Styles/styles.json, embedded here and bundled into the viewer),
/// as Mapsui keeps styles: plain data that a renderer per kind draws.
/// </summary>
public sealed class MapStyle
{
    private MapStyle(JsonElement root)
    {
        Background = root.GetProperty("background").GetString()!;
        Font = root.GetProperty("font").GetString()!;
        Services = [.. root.GetProperty("services").EnumerateArray().Select(s => new ServiceStyle(
            s.GetProperty("id").GetString()!, s.GetProperty("zh").GetString()!, s.GetProperty("en").GetString()!,
            s.GetProperty("shareZh").GetString()!, s.GetProperty("shareEn").GetString()!))];
        Carriers = [.. root.GetProperty("carriers").EnumerateArray().Select(c => new CarrierStyle(
            c.GetProperty("id").GetString()!, c.GetProperty("zh").GetString()!, c.GetProperty("en").GetString()!, c.GetProperty("color").GetString()!))];
        Choropleth = Ramp.From(root.GetProperty("choropleth").GetProperty("stops"));
        NoData = root.GetProperty("choropleth").GetProperty("noData").GetString()!;
        ChoroplethOpacity = root.GetProperty("choropleth").GetProperty("opacity").GetDouble();
        Utilisation = Ramp.From(root.GetProperty("utilisation").GetProperty("stops"));
        Scenario = root.GetProperty("scenario").Clone();
        Layers = [.. root.GetProperty("layers").EnumerateArray().Select(l => new LayerStyle(
            l.GetProperty("id").GetString()!, l.GetProperty("zh").GetString()!, l.GetProperty("en").GetString()!,
            l.GetProperty("kind").GetString()!, l.GetProperty("tiles").GetString()!,
            l.GetProperty("minzoom").GetDouble(), l.GetProperty("maxzoom").GetDouble(), l.Clone()))];
    }

    /// <summary>The style file's text, as the viewer and <c>/map/styles.json</c> get it.</summary>
    public static string Json { get; } = Load();

    public static MapStyle Default { get; } = new(JsonDocument.Parse(Json).RootElement.Clone());

    public string Background { get; }

    public string Font { get; }

    public IReadOnlyList<ServiceStyle> Services { get; }

    public IReadOnlyList<CarrierStyle> Carriers { get; }

    public Ramp Choropleth { get; }

    public string NoData { get; }

    public double ChoroplethOpacity { get; }

    public Ramp Utilisation { get; }

    public IReadOnlyList<LayerStyle> Layers { get; }

    /// <summary>How a scenario's proposals are drawn: one colour, and a setting block per proposal kind (<c>layers[].kind</c>).</summary>
    public JsonElement Scenario { get; }

    public JsonElement ScenarioLayer(string kind) => Scenario.GetProperty("layers").EnumerateArray().First(l => l.GetProperty("kind").GetString() == kind);

    public LayerStyle Layer(string id) => Layers.First(l => l.Id == id);

    public string CarrierColor(string? carrier) => Carriers.FirstOrDefault(c => c.Id == carrier)?.Color ?? "#777777";

    private static string Load()
    {
        using var stream = typeof(MapStyle).Assembly.GetManifestResourceStream("Infra.Map.styles.json")
            ?? throw new InvalidOperationException("The embedded style Infra.Map.styles.json is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
