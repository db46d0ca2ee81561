using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Data;
using Infra.Api.Http;
using Infra.Domain;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Writes;

/// <summary>Reading a GeoJSON Feature body, JSON merge patch (RFC 7396), and the If-Match precondition.</summary>
public static class FeatureBody
{
    public static async Task<(JsonObject? Feature, FieldError? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        try
        {
            var node = await JsonNode.ParseAsync(request.Body, cancellationToken: ct);
            if (node is not JsonObject o)
            {
                return (null, new FieldError("body", "The body must be a JSON object: a GeoJSON Feature {\"type\":\"Feature\",\"geometry\":…,\"properties\":{…}}."));
            }

            return (o, null);
        }
        catch (JsonException e)
        {
            return (null, new FieldError("body", $"The body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>The feature's properties and geometry; a missing <c>type</c> is tolerated, a wrong one is not.</summary>
    public static (JsonObject Properties, Geometry? Geometry) Parse(JsonObject feature, Fields errors, bool geometryRequired = true)
    {
        var type = feature["type"] is { } t && t.GetValueKind() == JsonValueKind.String ? Fields.TextOf(t) ?? "(not text)" : null;
        if (type is not null && type != "Feature")
        {
            errors.Add("type", $"must be \"Feature\" (got \"{type}\"): send one GeoJSON Feature.");
        }

        var properties = feature["properties"] as JsonObject ?? [];
        Geometry? geometry = null;
        var g = feature["geometry"];
        if (g is not null && g.GetValueKind() != JsonValueKind.Null)
        {
            geometry = ReadGeometry(g, errors);
        }
        else if (geometryRequired)
        {
            errors.Add("geometry", "is required (GeoJSON, WGS 84 lon/lat).");
        }

        return (properties, geometry);
    }

    public static Geometry? ReadGeometry(JsonNode node, Fields errors)
    {
        try
        {
            var geometry = node.Deserialize<Geometry>(WireJson.Options);
            if (geometry is { IsEmpty: true })
            {
                // NTS reads "coordinates": [] or null as an empty geometry: no place to check or store.
                errors.Add("geometry", $"is an empty {geometry.GeometryType}: give its coordinates (lon, lat).");
                return null;
            }

            if (geometry is not null)
            {
                geometry.SRID = Domain.Geo.Wgs84.Srid;
            }

            return geometry;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or DomainException)
        {
            errors.Add("geometry", $"is not valid GeoJSON: {e.Message}");
            return null;
        }
    }

    /// <summary>RFC 7396: objects merge member by member, null removes, anything else replaces.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject p)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject t ? t.DeepClone().AsObject() : [];
        foreach (var (key, value) in p)
        {
            if (value is null || value.GetValueKind() == JsonValueKind.Null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = MergePatch(result[key], value);
            }
        }

        return result;
    }

    public enum Precondition
    {
        Missing,
        Any,
        Version,
        Malformed,
    }

    /// <summary>Parses <c>If-Match</c>: our ETags are the row's xmin in quotes (weak ones accepted, the value is what counts).</summary>
    public static (Precondition Kind, uint Version) IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0)
        {
            return (Precondition.Missing, 0);
        }

        if (header == "*")
        {
            return (Precondition.Any, 0);
        }

        var value = header.StartsWith("W/", StringComparison.Ordinal) ? header[2..] : header;
        return uint.TryParse(value.Trim('"'), out var v) ? (Precondition.Version, v) : (Precondition.Malformed, 0);
    }

    public static string ETag(uint version) => $"\"{version}\"";
}
