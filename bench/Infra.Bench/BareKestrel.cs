using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infra.Bench;

/// <summary>
/// The yardstick for an endpoint's throughput: Kestrel with nothing but one route that writes a constant JSON
/// document of the same size as the endpoint's answer. No auth, no problem details, no output cache.
/// </summary>
public static class BareKestrel
{
    public static async Task RunAsync(string urls, int bytes, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        var app = builder.Build();
        var body = Body(bytes);
        app.MapGet("/bare", () => Results.Bytes(body, "application/json"));
        Console.WriteLine($"serving {body.Length} bytes of JSON at {urls}/bare");
        await app.StartAsync(ct);
        await app.WaitForShutdownAsync(ct);
    }

    /// <summary>A JSON array of the given size (to the byte, for sizes above 16).</summary>
    private static byte[] Body(int bytes)
    {
        var text = new StringBuilder("{\"items\":[");
        while (text.Length < bytes - 20)
        {
            text.Append("{\"n\":1234567},");
        }

        text.Length--;
        text.Append("],\"pad\":\"");
        text.Append('x', Math.Max(0, bytes - text.Length - 2));
        text.Append("\"}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
