using System.Net.Http.Json;
using System.Text.Json;

using Xunit;

namespace Infra.TestSupport;

public static class Json
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient http, string url, System.Net.HttpStatusCode expected = System.Net.HttpStatusCode.OK)
    {
        var response = await http.GetAsync(url, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"GET {url}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).Clone();

    /// <summary>The field names of a problem's <c>errors</c> list.</summary>
    public static IReadOnlyList<string> ErrorFields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()!).ToList();
}
