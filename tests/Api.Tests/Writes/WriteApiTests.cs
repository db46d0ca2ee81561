using System.Net;
using System.Text.Json;
using Npgsql;
using static Infra.Api.Tests.Writes.Http;

namespace Infra.Api.Tests.Writes;

public class WriteApiTests(PostGis pg)
{
    /// <summary>A valid new record of each layer (inside Zhumadian), and a patch that renames or changes it.</summary>
    public static TheoryData<string, string> Layers => new()
    {
        { "base-stations", """{"code":"t-bs-1","name":"测试基站","technology":"lte","omniRadiusM":3000,"commissionedOn":"2008-05-01"}""" },
        { "fiber-routes", """{"code":"t-fr-1","cores":24,"laying":"duct","tier":"access","commissionedOn":"2007-03-01","declaredLengthM":5000}""" },
        { "switching-nodes", """{"code":"t-sn-1","nodeKind":"localExchange","capacityLines":2000,"subscribersInUse":1500,"commissionedOn":"2006-01-01"}""" },
        { "access-points", """{"code":"t-ap-1","technology":"pon","ports":64,"portsUsed":10,"fiberConnected":true,"commissionedOn":"2007-06-01"}""" },
        { "transmitters", """{"code":"t-tx-1","broadcastKind":"tv","powerKw":1,"serviceRadiusM":20000,"commissionedOn":"2005-01-01"}""" },
        { "service-filings", """{"code":"t-sf-1","service":"broadband","technology":"ADSL","maxDownMbps":2,"validFrom":"2006-01-01"}""" },
    };

    internal static async Task<System.Text.Json.Nodes.JsonObject> NewFeatureAsync(WriteWorld w, string layer, string properties)
    {
        var props = System.Text.Json.Nodes.JsonNode.Parse(properties)!.AsObject();
        object? geometry = layer == "fiber-routes" ? Line([114.00, 33.00], [114.05, 33.02]) : Point(114.02, 32.98);
        if (layer == "service-filings")
        {
            props["villageCode"] = (await w.Anonymous.GetJsonAsync("/api/villages?kind=admin&limit=1")).GetProperty("features")[0].GetProperty("id").GetString();
            geometry = null;
        }

        var f = Feature(geometry, new { });
        f["properties"] = props;
        return f;
    }

    [Theory]
    [MemberData(nameof(Layers))]
    public async Task Every_layer_can_be_created_changed_retired_and_read_back_as_recorded_at_any_instant(string layer, string properties)
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var cmcc = w.As("carrier:cmcc");
        var created = await cmcc.SendAsync(HttpMethod.Post, $"/api/{layer}", await NewFeatureAsync(w, layer, properties));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.Describe());
        var id = created.Body.GetProperty("id").GetInt64();
        Assert.Equal("cmcc", created.Body.GetProperty("properties").GetProperty("carrier").GetString());
        Assert.NotNull(created.ETag);
        var afterCreate = DateTimeOffset.UtcNow;
        await Task.Delay(20, TestContext.Current.CancellationToken);

        object patch = layer == "service-filings" ? new { properties = new { technology = "改名" } } : new { properties = new { name = "改名" } };
        var patched = await cmcc.SendAsync(HttpMethod.Patch, $"/api/{layer}/{id}", patch, created.ETag, "application/merge-patch+json");
        Assert.True(patched.Status == HttpStatusCode.OK, patched.Body.Describe());
        Assert.NotEqual(created.ETag, patched.ETag);

        var retired = await cmcc.SendAsync(HttpMethod.Post, $"/api/{layer}/{id}/retire", new { retiredOn = "2011-01-01" }, patched.ETag);
        Assert.True(retired.Status == HttpStatusCode.OK, retired.Body.Describe());
        var now = await w.Anonymous.GetJsonAsync($"/api/{layer}/{id}");
        Assert.Equal("改名", now.GetProperty("properties").GetProperty(layer == "service-filings" ? "technology" : "name").GetString());
        Assert.Equal("2011-01-01", now.GetProperty("properties").GetProperty(layer == "service-filings" ? "validTo" : "retiredOn").GetString());

        var then = await w.Anonymous.GetJsonAsync($"/api/{layer}/{id}?asOf={Uri.EscapeDataString(afterCreate.ToString("O"))}");
        Assert.Equal(id, then.GetProperty("id").GetInt64());
        Assert.False(then.GetProperty("properties").TryGetProperty(layer == "service-filings" ? "validTo" : "retiredOn", out _), then.Describe());
        var listed = await w.Anonymous.GetJsonAsync($"/api/{layer}?carrier=cmcc&limit=10000&asOf={Uri.EscapeDataString(afterCreate.ToString("O"))}");
        Assert.Contains(listed.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetInt64() == id);
        await w.Anonymous.GetJsonAsync($"/api/{layer}/{id}?asOf=2000-01-01", HttpStatusCode.NotFound);

        var history = await w.As("planner").GetJsonAsync($"/api/{layer}/{id}/history");
        Assert.Equal<string>(["retire", "patch", "create"], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()!).ToArray());
        var first = history.GetProperty("items")[2];
        Assert.Equal(w.Keys["carrier:cmcc"].Id, first.GetProperty("keyId").GetInt32());
        Assert.Equal("carrier", first.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Object, first.GetProperty("after").ValueKind);
        Assert.False(first.TryGetProperty("before", out _));

        // The triggers build each image column by column (not with to_jsonb, whose geometry cast is slow): it must
        // still be exactly to_jsonb of the row, geometry and its crs member included, on insert and on update.
        var table = Infra.Api.Features.Writes.Layer.All.Single(l => l.Name == layer).Table;
        var mine = $"c.entity = '{layer}' AND c.entity_id = {id}";
        Assert.Equal(1, await w.ScalarAsync($"SELECT count(*) FROM change_records c JOIN {table} t ON t.id = c.entity_id WHERE {mine} AND c.action = 'retire' AND c.after = to_jsonb(t)"));
        Assert.Equal(1, await w.ScalarAsync(
            $"SELECT count(*) FROM change_records c JOIN change_records r ON r.entity = c.entity AND r.entity_id = c.entity_id AND r.action = 'retire' WHERE {mine} AND c.action = 'patch' AND c.after = r.before"));
        Assert.Equal(1, await w.ScalarAsync(
            $"SELECT count(*) FROM change_records c JOIN change_records p ON p.entity = c.entity AND p.entity_id = c.entity_id AND p.action = 'patch' WHERE {mine} AND c.action = 'create' AND c.after = p.before"));
    }

    [Fact]
    public async Task A_stale_or_missing_if_match_changes_nothing()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var cmcc = w.As("carrier:cmcc");
        var created = await cmcc.SendAsync(HttpMethod.Post, "/api/base-stations", await NewFeatureAsync(w, "base-stations", """{"code":"etag-1","technology":"gsm","commissionedOn":"2005-01-01"}"""));
        var id = created.Body.GetProperty("id").GetInt64();
        var ok = await cmcc.SendAsync(HttpMethod.Patch, $"/api/base-stations/{id}", new { properties = new { name = "first" } }, created.ETag);
        Assert.Equal(HttpStatusCode.OK, ok.Status);
        var before = await w.CountsAsync("base_stations");

        var stale = await cmcc.SendAsync(HttpMethod.Patch, $"/api/base-stations/{id}", new { properties = new { name = "second" } }, created.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        var missing = await cmcc.SendAsync(HttpMethod.Put, $"/api/base-stations/{id}", await NewFeatureAsync(w, "base-stations", """{"code":"etag-1","technology":"gsm","commissionedOn":"2005-01-01"}"""));
        Assert.Equal((HttpStatusCode)428, missing.Status);
        var staleRetire = await cmcc.SendAsync(HttpMethod.Post, $"/api/base-stations/{id}/retire", new { retiredOn = "2010-01-01" }, created.ETag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, staleRetire.Status);

        Assert.Equal(before, await w.CountsAsync("base_stations"));
        var now = await w.Anonymous.GetJsonAsync($"/api/base-stations/{id}");
        Assert.Equal("first", now.GetProperty("properties").GetProperty("name").GetString());

        var put = await cmcc.SendAsync(HttpMethod.Put, $"/api/base-stations/{id}",
            await NewFeatureAsync(w, "base-stations", """{"code":"etag-1","technology":"wcdma","commissionedOn":"2005-01-01"}"""), ok.ETag);
        Assert.True(put.Status == HttpStatusCode.OK, put.Body.Describe());
        Assert.Equal("wcdma", put.Body.GetProperty("properties").GetProperty("technology").GetString());
        Assert.False(put.Body.GetProperty("properties").TryGetProperty("name", out _), "PUT replaces the whole record");
    }

    [Fact]
    public async Task Another_carriers_key_is_refused_by_the_handler_and_by_the_database()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var created = await w.As("carrier:cu").SendAsync(HttpMethod.Post, "/api/base-stations",
            await NewFeatureAsync(w, "base-stations", """{"code":"cu-1","name":"联通站","technology":"wcdma","commissionedOn":"2009-01-01"}"""));
        var id = created.Body.GetProperty("id").GetInt64();
        var before = await w.CountsAsync("base_stations");

        var cmcc = w.As("carrier:cmcc");
        Assert.Equal(HttpStatusCode.Forbidden, (await cmcc.SendAsync(HttpMethod.Patch, $"/api/base-stations/{id}", new { properties = new { name = "x" } }, created.ETag)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await cmcc.SendAsync(HttpMethod.Post, $"/api/base-stations/{id}/retire", new { retiredOn = "2010-01-01" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await cmcc.SendAsync(HttpMethod.Post, $"/api/base-stations/{id}/withdraw", new { reason = "not mine" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await cmcc.SendAsync(HttpMethod.Post, "/api/base-stations",
            await NewFeatureAsync(w, "base-stations", """{"code":"forged","carrier":"cu","technology":"gsm","commissionedOn":"2009-01-01"}"""))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await w.As("planner").SendAsync(HttpMethod.Post, "/api/base-stations",
            await NewFeatureAsync(w, "base-stations", """{"code":"p","carrier":"cu","technology":"gsm","commissionedOn":"2009-01-01"}"""))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await w.Anonymous.SendAsync(HttpMethod.Post, "/api/base-stations",
            await NewFeatureAsync(w, "base-stations", """{"code":"a","carrier":"cu","technology":"gsm","commissionedOn":"2009-01-01"}"""))).Status);

        // Past the handler: the same session settings Infra sets for a China Mobile key, in raw SQL.
        await using (var conn = new NpgsqlConnection(w.ConnectionString))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var set = new NpgsqlCommand($"SELECT set_config('infra.role', 'carrier', false), set_config('infra.carrier_id', '3', false)", conn);
            await set.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
            await using var update = new NpgsqlCommand($"UPDATE base_stations SET name = 'hijacked', retired_on = DATE '2010-01-01' WHERE id = {id}", conn);
            Assert.Equal(0, await update.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
            await using var insert = new NpgsqlCommand("INSERT INTO base_stations (carrier_id, code, commissioned_on, location, technology, sectors) " +
                "VALUES (4, 'forged', DATE '2005-01-01', ST_SetSRID(ST_MakePoint(114.0, 33.0), 4326), 'Gsm', '[]')", conn);
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege,
                (await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken))).SqlState);
        }

        Assert.Equal(before, await w.CountsAsync("base_stations"));
        Assert.Equal("联通站", (await w.Anonymous.GetJsonAsync($"/api/base-stations/{id}")).GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_withdrawn_record_stays_readable_but_leaves_the_lists_and_the_withdrawal_is_recorded()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var cmcc = w.As("carrier:cmcc");
        var created = await cmcc.SendAsync(HttpMethod.Post, "/api/access-points",
            await NewFeatureAsync(w, "access-points", """{"code":"oops","technology":"adsl","ports":32,"commissionedOn":"2007-01-01"}"""));
        var id = created.Body.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.BadRequest, (await cmcc.SendAsync(HttpMethod.Post, $"/api/access-points/{id}/withdraw", new { reason = " " })).Status);

        var withdrawn = await cmcc.SendAsync(HttpMethod.Post, $"/api/access-points/{id}/withdraw", new { reason = "entered twice" });
        Assert.True(withdrawn.Status == HttpStatusCode.OK, withdrawn.Body.Describe());
        var list = await w.Anonymous.GetJsonAsync("/api/access-points?carrier=cmcc&limit=10000");
        Assert.DoesNotContain(list.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetInt64() == id);
        var one = await w.Anonymous.GetJsonAsync($"/api/access-points/{id}");
        Assert.Equal("entered twice", one.GetProperty("properties").GetProperty("withdrawnReason").GetString());
        Assert.Equal(1, await w.ScalarAsync($"SELECT count(*) FROM access_points WHERE id = {id}"));
        var history = await w.As("carrier:cmcc").GetJsonAsync($"/api/history?entity=access-points&id={id}&action=withdraw");
        Assert.Equal(1, history.GetProperty("numberMatched").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await cmcc.SendAsync(HttpMethod.Patch, $"/api/access-points/{id}", new { properties = new { name = "x" } }, withdrawn.ETag)).Status);
    }

    [Fact]
    public async Task Planners_dispute_and_resolve_filings_and_carriers_may_not()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var created = await w.As("carrier:ct").SendAsync(HttpMethod.Post, "/api/service-filings",
            await NewFeatureAsync(w, "service-filings", """{"code":"ct-f-1","service":"broadband","validFrom":"2006-01-01"}"""));
        Assert.True(created.Status == HttpStatusCode.Created, created.Body.Describe());
        var id = created.Body.GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.Forbidden, (await w.As("carrier:ct").SendAsync(HttpMethod.Post, $"/api/service-filings/{id}/dispute", new { reason = "mine" })).Status);
        var planner = w.As("planner");
        var disputed = await planner.SendAsync(HttpMethod.Post, $"/api/service-filings/{id}/dispute", new { reason = "no DSLAM in the village", on = "2008-01-01" });
        Assert.True(disputed.Status == HttpStatusCode.OK, disputed.Body.Describe());
        Assert.Equal("disputed", disputed.Body.GetProperty("properties").GetProperty("disputeState").GetString());
        var again = await planner.SendAsync(HttpMethod.Post, $"/api/service-filings/{id}/dispute", new { reason = "again" });
        Assert.Equal("disputeState", again.Body.Errors().Single().Field);
        var resolved = await planner.SendAsync(HttpMethod.Post, $"/api/service-filings/{id}/resolve", new { upheld = false, note = "site visit", on = "2008-02-01" });
        Assert.Equal("rejected", resolved.Body.GetProperty("properties").GetProperty("disputeState").GetString());
        var history = await planner.GetJsonAsync($"/api/history?entity=service-filings&id={id}");
        Assert.Equal<string>(["resolve", "dispute", "create"], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("action").GetString()!).ToArray());
        Assert.Equal("planner", history.GetProperty("items")[0].GetProperty("role").GetString());
    }

    [Fact]
    public async Task The_write_endpoints_are_in_the_openapi_document()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var doc = await app.CreateClient().GetJsonAsync("/openapi/v1.json");
        var paths = doc.GetProperty("paths");
        foreach (var path in new[] { "/api/base-stations", "/api/fiber-routes/{id}", "/api/transmitters/{id}/retire", "/api/access-points/{id}/withdraw",
            "/api/service-filings/{id}/dispute", "/api/history", "/api/switching-nodes/{id}/history", "/api/imports", "/api/imports/{id}", "/api/exports/{layer}" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        }

        Assert.True(paths.GetProperty("/api/base-stations/{id}").TryGetProperty("patch", out _));
        Assert.True(paths.GetProperty("/api/base-stations/{id}").TryGetProperty("put", out _));
    }

    [Fact]
    public async Task The_demo_data_is_in_the_history_as_one_import_per_record()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        foreach (var table in new[] { "base_stations", "fiber_routes", "switching_nodes", "access_points", "broadcast_transmitters", "service_filings" })
        {
            var rows = await w.ScalarAsync($"SELECT count(*) FROM {table}");
            var layer = Infra.Api.Features.Writes.Layer.All.Single(l => l.Table == table).Name;
            Assert.Equal(rows, await w.ScalarAsync($"SELECT count(*) FROM change_records WHERE entity = '{layer}' AND action = 'import' AND request_id = 'demo-data'"));
        }

        await using var conn = new NpgsqlConnection(w.ConnectionString);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var tamper = new NpgsqlCommand("UPDATE change_records SET action = 'x'", conn);
        Assert.Equal(0, await tamper.ExecuteNonQueryAsync(TestContext.Current.CancellationToken));
    }
}
