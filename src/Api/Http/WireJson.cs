using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Hosting;

namespace Infra.Api.Http;

/// <summary>The JSON options of the wire (camelCase, GeoJSON geometries, enums by name), for code that serialises outside a handler's result.</summary>
public static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static JsonObject ToObject<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        InfraServices.ConfigureJson(o);
        return o;
    }
}
