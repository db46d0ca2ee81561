using System.Net;
using System.Text.Json;
using Infra.Api.Tests.Writes;

namespace Infra.Api.Tests.Imports;

internal static class ImportClient
{
    /// <summary>Posts a file to /api/imports as <paramref name="role"/>, waits for the job and returns its final state (or the refusal of the upload itself).</summary>
    public static Task<(HttpStatusCode Status, JsonElement Body)> ImportAsync(this WriteWorld w, string role, byte[] content, string fileName,
        params (string Name, string Value)[] form) => w.As(role).ImportAsync(w.App.Services, content, fileName, form);

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
