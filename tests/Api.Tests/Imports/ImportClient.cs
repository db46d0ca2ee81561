using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Infra.Api.Features.Imports;
using Infra.Api.Tests.Writes;
using Microsoft.Extensions.DependencyInjection;

namespace Infra.Api.Tests.Imports;

internal static class ImportClient
{
    /// <summary>Posts a file to /api/imports, waits for the job and returns its final state (or the refusal of the upload itself).</summary>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(this WriteWorld w, string role, byte[] content, string fileName,
        params (string Name, string Value)[] form)
    {
        var http = w.As(role);
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
        await w.App.Services.GetRequiredService<ImportJobs>().WaitAsync(id);
        return (HttpStatusCode.OK, await http.GetJsonAsync($"/api/imports/{id}"));
    }

    public static JsonElement Result(this JsonElement job)
    {
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.GetRawText());
        return job.GetProperty("result");
    }

    public static List<(int? Row, string Field)> Refusal(this JsonElement job)
    {
        Assert.True(job.GetProperty("status").GetString() == "failed", job.GetRawText());
        return job.GetProperty("problem").Errors();
    }

    public static byte[] Utf8(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
