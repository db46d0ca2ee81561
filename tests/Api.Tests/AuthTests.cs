using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Infra.Api.Auth;
using Infra.Domain;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Tests;

public class AuthTests(PostGis pg)
{
    [Fact]
    public async Task Keys_are_stored_hashed_and_carry_their_role()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        await using var db = PostGis.Context(cs);
        var created = await ApiKeys.CreateAsync(db, "carrier:cmcc", "China Mobile engineers", TimeProvider.System, ct);

        var row = await db.ApiKeys.AsNoTracking().SingleAsync(k => k.Id == created.Id, ct);
        Assert.Equal("carrier:cmcc", row.Role);
        Assert.Equal((short)3, row.CarrierId);
        Assert.DoesNotContain(created.Key[^20..], Convert.ToHexString(row.SecretHash), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(32, row.SecretHash.Length);

        await using var app = PostGis.App(cs);
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.Key);
        var me = await http.GetJsonAsync("/api/me");
        Assert.True(me.GetProperty("authenticated").GetBoolean());
        Assert.Equal("carrier", me.GetProperty("role").GetString());
        Assert.Equal("cmcc", me.GetProperty("carrier").GetString());
    }

    [Fact]
    public async Task Unknown_carriers_and_roles_are_refused_with_the_field_named()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        await using var db = PostGis.Context(cs);
        Assert.Equal("role", (await Assert.ThrowsAsync<DomainException>(() => ApiKeys.CreateAsync(db, "carrier:nope", "x", TimeProvider.System, ct))).Field);
        Assert.Equal("role", (await Assert.ThrowsAsync<DomainException>(() => ApiKeys.CreateAsync(db, "superuser", "x", TimeProvider.System, ct))).Field);
        Assert.Equal("name", (await Assert.ThrowsAsync<DomainException>(() => ApiKeys.CreateAsync(db, "planner", " ", TimeProvider.System, ct))).Field);
    }

    [Fact]
    public async Task Roles_decide_what_a_key_may_do()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        string admin, planner;
        await using (var db = PostGis.Context(cs))
        {
            admin = (await ApiKeys.CreateAsync(db, "admin", "ops", TimeProvider.System, ct)).Key;
            planner = (await ApiKeys.CreateAsync(db, "planner", "office", TimeProvider.System, ct)).Key;
        }

        await using var app = PostGis.App(cs);
        var anonymous = app.CreateClient();
        await anonymous.GetJsonAsync("/api/counties?limit=1");
        var noKey = await anonymous.GetJsonAsync("/api/keys", HttpStatusCode.Unauthorized);
        Assert.Equal(401, noKey.GetProperty("status").GetInt32());

        var asPlanner = Client(app, planner);
        Assert.Equal("planner", (await asPlanner.GetJsonAsync("/api/me")).GetProperty("role").GetString());
        await asPlanner.GetJsonAsync("/api/keys", HttpStatusCode.Forbidden);

        var asAdmin = Client(app, admin);
        Assert.Equal(2, (await asAdmin.GetJsonAsync("/api/keys")).GetArrayLength());
        var made = await asAdmin.PostAsJsonAsync("/api/keys", new { name = "Unicom GIS team", role = "carrier:cu" }, ct);
        Assert.Equal(HttpStatusCode.Created, made.StatusCode);
        var key = (await made.ReadJsonAsync()).GetProperty("key").GetString()!;
        Assert.Equal("cu", (await Client(app, key).GetJsonAsync("/api/me")).GetProperty("carrier").GetString());

        var bad = await asAdmin.PostAsJsonAsync("/api/keys", new { name = "x", role = "carrier:zz" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("role", (await bad.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task A_wrong_or_revoked_key_is_refused_even_on_public_reads()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        ApiKeys.Created key;
        await using (var db = PostGis.Context(cs))
        {
            key = await ApiKeys.CreateAsync(db, "planner", "temp", TimeProvider.System, ct);
        }

        await using var app = PostGis.App(cs);
        await Client(app, key.Key).GetJsonAsync("/api/counties?limit=1");
        await Client(app, key.Key[..^2] + "xx").GetJsonAsync("/api/counties?limit=1", HttpStatusCode.Unauthorized);
        await Client(app, "not-a-key").GetJsonAsync("/api/counties?limit=1", HttpStatusCode.Unauthorized);

        await using (var db = PostGis.Context(cs))
        {
            await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, DateTimeOffset.UtcNow), ct);
        }

        var revoked = await Client(app, key.Key).GetJsonAsync("/api/counties?limit=1", HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", revoked.GetProperty("detail").GetString());
    }

    private static HttpClient Client(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> app, string key)
    {
        var http = app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http;
    }
}
