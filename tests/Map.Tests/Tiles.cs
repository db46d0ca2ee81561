using System.Net;
using Infra.Map.Rendering;

namespace Infra.Map.Tests;

internal static class Tiles
{
    public static async Task<(HttpResponseMessage Response, byte[] Bytes)> GetTileAsync(this HttpClient http, string url, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent or HttpStatusCode.NotModified,
            $"GET {url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes)}");
        return (response, bytes);
    }

    public static MvtLayer Layer(byte[] tile, string name) =>
        MvtReader.Read(tile).SingleOrDefault(l => l.Name == name) ?? throw new Xunit.Sdk.XunitException($"The tile has no layer {name}.");

    public static string Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";
}
