using NetTopologySuite.Geometries;

namespace Infra.Api.Http;

/// <summary>Any feature, whatever its properties: lets OGC pick one feature out of a page by id.</summary>
public interface IFeature
{
    object Id { get; }
}

/// <summary>Any page of features, whatever their properties.</summary>
public interface IFeaturePage
{
    IEnumerable<IFeature> Items { get; }
}

/// <summary>A GeoJSON Feature (RFC 7946). The geometry is written by NetTopologySuite's GeoJSON converter.</summary>
public sealed record Feature<TProperties>(object Id, Geometry? Geometry, TProperties Properties) : IFeature
{
    public string Type => "Feature";
}

/// <summary>An OGC link.</summary>
public sealed record Link(string Href, string Rel, string Type, string? Title = null);

/// <summary>
/// A page of features the way OGC API – Features pages them: <c>numberMatched</c>, <c>numberReturned</c>,
/// <c>timeStamp</c> and <c>self</c> / <c>next</c> / <c>prev</c> links that keep every other query parameter.
/// </summary>
public sealed record FeatureCollection<TProperties>(
    IReadOnlyList<Feature<TProperties>> Features,
    long NumberMatched,
    int NumberReturned,
    DateTimeOffset TimeStamp,
    IReadOnlyList<Link> Links) : IFeaturePage
{
    public string Type => "FeatureCollection";

    IEnumerable<IFeature> IFeaturePage.Items => Features;
}

public static class Paging
{
    public const string GeoJson = "application/geo+json";

    public static FeatureCollection<T> Page<T>(HttpRequest request, IReadOnlyList<Feature<T>> features, long matched,
        FeatureQuery.Parsed q, DateTimeOffset now)
    {
        var links = new List<Link> { new(UrlWith(request, q.Offset), "self", GeoJson) };
        if (q.Offset + features.Count < matched)
        {
            links.Add(new Link(UrlWith(request, q.Offset + q.Limit), "next", GeoJson, "next page"));
        }

        if (q.Offset > 0)
        {
            links.Add(new Link(UrlWith(request, Math.Max(0, q.Offset - q.Limit)), "prev", GeoJson, "previous page"));
        }

        return new FeatureCollection<T>(features, matched, features.Count, now, links);
    }

    public static IResult Json<T>(FeatureCollection<T> page) => TypedResults.Json(page, contentType: GeoJson);

    private static string UrlWith(HttpRequest request, int offset)
    {
        var query = request.Query
            .Where(kv => !kv.Key.Equals("offset", StringComparison.OrdinalIgnoreCase))
            .SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"))
            .Append($"offset={offset}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', query)}";
    }
}
