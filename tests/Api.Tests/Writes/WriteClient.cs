using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Auth;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace Infra.Api.Tests.Writes;

/// <summary>A test's own database with the demo data, its app, and keys for each role.</summary>
internal sealed class WriteWorld : IAsyncDisposable
{
    private WriteWorld(string cs, WebApplicationFactory<Program> app) => (ConnectionString, App) = (cs, app);

    public string ConnectionString { get; }

    public WebApplicationFactory<Program> App { get; }

    public HttpClient Anonymous => App.CreateClient();

    public Dictionary<string, (int Id, string Key)> Keys { get; } = [];

    public static async Task<WriteWorld> CreateAsync(PostGis pg, Action<Microsoft.AspNetCore.Hosting.IWebHostBuilder>? configure = null)
    {
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var world = new WriteWorld(cs, configure is null ? PostGis.App(cs) : PostGis.App(cs).WithWebHostBuilder(configure));
        await using var db = PostGis.Context(cs);
        foreach (var role in new[] { "admin", "planner", "carrier:cmcc", "carrier:cu", "carrier:ct", "carrier:cnc", "carrier:catv" })
        {
            var k = await ApiKeys.CreateAsync(db, role, role, TimeProvider.System, CancellationToken.None);
            world.Keys[role] = (k.Id, k.Key);
        }

        return world;
    }

    public HttpClient As(string role)
    {
        var http = App.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys[role].Key);
        return http;
    }

    public Task<long> ScalarAsync(string sql) => PostGis.ScalarAsync(ConnectionString, sql);

    /// <summary>Rows in a table and change records: what a refused write must leave untouched.</summary>
    public async Task<(long Rows, long Changes)> CountsAsync(string table) =>
        (await ScalarAsync($"SELECT count(*) FROM {table}"), await ScalarAsync("SELECT count(*) FROM change_records"));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();

        // This database is the test's own and done with: its idle pooled connections would otherwise hold server slots
        // for Npgsql's idle lifetime (300 s) while later tests open theirs (max_connections 200, PrivateCluster).
        await using var conn = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(conn);
    }
}

internal static class Http
{
    public static async Task<(HttpStatusCode Status, JsonElement Body, string? ETag)> SendAsync(this HttpClient http, HttpMethod method, string url,
        object? body = null, string? ifMatch = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            var text = body is string s ? s : JsonSerializer.Serialize(body);
            request.Content = new StringContent(text, Encoding.UTF8, contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = raw.Length == 0 ? default : JsonDocument.Parse(raw).RootElement.Clone();
        return (response.StatusCode, json, response.Headers.ETag?.ToString());
    }

    public static JsonObject Feature(object? geometry, object properties) => new()
    {
        ["type"] = "Feature",
        ["geometry"] = geometry is null ? null : JsonSerializer.SerializeToNode(geometry),
        ["properties"] = JsonSerializer.SerializeToNode(properties),
    };

    public static object Point(double lon, double lat) => new { type = "Point", coordinates = new[] { lon, lat } };

    public static object Line(params double[][] coordinates) => new { type = "LineString", coordinates };

    public static string Describe(this JsonElement e) => e.ValueKind == JsonValueKind.Undefined ? "(empty)" : e.GetRawText();

    /// <summary>The (row, field) pairs of a problem's errors.</summary>
    public static List<(int? Row, string Field)> Errors(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateArray()
            .Select(e => (e.TryGetProperty("row", out var r) && r.ValueKind == JsonValueKind.Number ? r.GetInt32() : (int?)null, e.GetProperty("field").GetString()!))
            .ToList();
}
