using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Infra.Api.Features.Imports;
using Microsoft.Extensions.DependencyInjection;

namespace Infra.TestSupport;

public static class Imports
{
    /// <summary>
    /// Posts a file to /api/imports with <paramref name="http"/>'s key, waits for the job in <paramref name="services"/>'
    /// app and returns its final state (or the refusal of the upload itself).
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(this HttpClient http, IServiceProvider services, byte[] content,
        string fileName, params (string Name, string Value)[] form)
    {
        using var body = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Add(file, "file", fileName);
        foreach (var (name, value) in form)
        {
            body.Add(new StringContent(value), name);
        }

        var response = await http.PostAsync("/api/imports", body, TestContext.Current.CancellationToken);
        var json = await response.ReadJsonAsync();
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            return (response.StatusCode, json);
        }

        var id = json.GetProperty("id").GetString()!;
        await services.GetRequiredService<ImportJobs>().WaitAsync(id);
        return (HttpStatusCode.OK, await http.GetJsonAsync($"/api/imports/{id}"));
    }
}
