using System.Net;
using Infra.Api.Features.Coverage;
using Infra.Api.Tests.Writes;
using WriteHttp = Infra.Api.Tests.Writes.Http;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Infra.Api.Tests.Coverage;

/// <summary>
/// After each kind of write the cached coverage is updated in place (not dropped), and answers exactly what a
/// freshly started service — which loads the network and evaluates every date in full — answers.
/// </summary>
public class IncrementalCoverageTests(PostGis pg)
{
    /// <summary>Dates cached before the writes: the plan's baseline, the middle of its build-out, and after the new station's commissioning.</summary>
    private static readonly string[] Dates = ["2005-12-31", "2007-06-30", "2008-12-31"];

    private static async Task<List<string>> TextsAsync(HttpClient http, IEnumerable<string> villages)
    {
        var answers = new List<string>();
        foreach (var date in Dates)
        {
            answers.Add((await http.GetJsonAsync($"/api/coverage?level=township&asOf={date}")).GetRawText());
            answers.Add((await http.GetJsonAsync($"/api/coverage?level=county&carrier=cmcc&asOf={date}")).GetRawText());
            foreach (var code in villages)
            {
                answers.Add((await http.GetJsonAsync($"/api/villages/{code}/services?asOf={date}")).GetRawText());
            }
        }

        return answers;
    }

    /// <summary>The answers of a service started now on the same database (a full load and full evaluations).</summary>
    private static async Task<List<string>> FreshAsync(WriteWorld w, IEnumerable<string> villages)
    {
        await using var fresh = PostGis.App(w.ConnectionString);
        return await TextsAsync(fresh.CreateClient(), villages);
    }

    private static async Task<List<string>> NearestVillagesAsync(WriteWorld w, string point)
    {
        await using var conn = new NpgsqlConnection(w.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"SELECT code FROM villages ORDER BY location <-> {point} LIMIT 3", conn);
        var codes = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            codes.Add(r.GetString(0));
        }

        return codes;
    }

    [Fact]
    public async Task Every_write_updates_the_cached_dates_to_what_a_full_evaluation_gives()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var cmcc = w.As("carrier:cmcc");
        var http = w.Anonymous;

        // Three of China Mobile's stations in service since before the plan: one to retire, one to withdraw, one to move.
        var stations = new List<long>();
        await using (var conn = new NpgsqlConnection(w.ConnectionString))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new NpgsqlCommand("""
                SELECT s.id FROM base_stations s JOIN carriers c ON c.id = s.carrier_id
                WHERE c.code = 'cmcc' AND s.commissioned_on < DATE '2005-01-01' AND s.retired_on IS NULL ORDER BY s.id LIMIT 3
                """, conn);
            await using var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await r.ReadAsync(TestContext.Current.CancellationToken))
            {
                stations.Add(r.GetInt64(0));
            }
        }

        Assert.Equal(3, stations.Count);
        var (newLon, newLat) = (114.38, 32.83);
        var villages = (await NearestVillagesAsync(w, $"ST_SetSRID(ST_MakePoint({newLon}, {newLat}), 4326)"))
            .Concat(await NearestVillagesAsync(w, $"(SELECT location FROM base_stations WHERE id = {stations[0]})"))
            .Concat(await NearestVillagesAsync(w, $"(SELECT location FROM base_stations WHERE id = {stations[2]})")).Distinct().ToList();

        var before = await TextsAsync(http, villages);
        var service = w.App.Services.GetRequiredService<CoverageService>();
        var writes = new List<(string What, Func<Task> Write)>
        {
            ("POST a station", async () =>
            {
                var created = await cmcc.SendAsync(HttpMethod.Post, "/api/base-stations", WriteHttp.Feature(WriteHttp.Point(newLon, newLat),
                    new { code = "INCR-0001", technology = "gsm", omniRadiusM = 6000, commissionedOn = "2007-01-15" }));
                Assert.True(created.Status == HttpStatusCode.Created, created.Body.Describe());
            }),
            ("retire a station", async () =>
            {
                var retired = await cmcc.SendAsync(HttpMethod.Post, $"/api/base-stations/{stations[0]}/retire", new { retiredOn = "2006-03-31" });
                Assert.True(retired.Status == HttpStatusCode.OK, retired.Body.Describe());
            }),
            ("withdraw a station", async () =>
            {
                var withdrawn = await cmcc.SendAsync(HttpMethod.Post, $"/api/base-stations/{stations[1]}/withdraw", new { reason = "entered twice" });
                Assert.True(withdrawn.Status == HttpStatusCode.OK, withdrawn.Body.Describe());
            }),
            ("PATCH moving a station", async () =>
            {
                var (_, current, etag) = await cmcc.SendAsync(HttpMethod.Get, $"/api/base-stations/{stations[2]}");
                var at = current.GetProperty("geometry").GetProperty("coordinates");
                var moved = await cmcc.SendAsync(HttpMethod.Patch, $"/api/base-stations/{stations[2]}",
                    new { geometry = WriteHttp.Point(at[0].GetDouble() + 0.03, at[1].GetDouble() + 0.01) }, etag, "application/merge-patch+json");
                Assert.True(moved.Status == HttpStatusCode.OK, moved.Body.Describe());
            }),
        };

        var changed = 0;
        foreach (var (what, write) in writes)
        {
            var counts = service.ChangeCounts;
            await write();
            Assert.Equal((counts.Incremental + 1, counts.Reloads), service.ChangeCounts);
            var updated = await TextsAsync(http, villages);
            var fresh = await FreshAsync(w, villages);
            for (var i = 0; i < fresh.Count; i++)
            {
                Assert.True(fresh[i] == updated[i], $"after '{what}', answer {i} differs from a fresh service's:\nupdated: {updated[i]}\nfresh:   {fresh[i]}");
            }

            changed += before.Zip(updated).Count(p => p.First != p.Second);
            before = updated;
        }

        // The writes changed what the service says (so the comparison above is not of two unchanged caches).
        Assert.True(changed >= 4, $"only {changed} answers changed");
    }

    [Fact]
    public async Task A_batch_larger_than_the_limit_reloads_the_network()
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var service = w.App.Services.GetRequiredService<CoverageService>();
        var early = (await w.Anonymous.GetJsonAsync("/api/coverage?asOf=2008-12-31")).GetRawText();
        var counts = service.ChangeCounts;
        w.App.Services.GetRequiredService<Infra.Api.Data.AssetChanges>().Publish(
            [.. Enumerable.Range(1, CoverageService.IncrementalLimit + 1).Select(i => new Infra.Api.Data.AssetChange("base-stations", i, null, null, 0))]);
        Assert.Equal((counts.Incremental, counts.Reloads + 1), service.ChangeCounts);
        Assert.Equal(early, (await w.Anonymous.GetJsonAsync("/api/coverage?asOf=2008-12-31")).GetRawText());
    }
}
