using System.Text.Json;

namespace Infra.Api.Tests.Writes;

/// <summary>
/// Reads as of an instant rebuild each record from its last change record, column by column. The demo loader wrote one
/// for every record, so as of now every layer must read back exactly as the live table does, whatever the filters.
/// </summary>
public class AsOfTests(PostGis pg)
{
    [Theory]
    [InlineData("base-stations", true)]
    [InlineData("fiber-routes", true)]
    [InlineData("switching-nodes", true)]
    [InlineData("access-points", true)]
    [InlineData("transmitters", true)]
    [InlineData("service-filings", false)]
    public async Task As_of_now_every_layer_reads_back_exactly_as_the_live_table(string layer, bool isAsset)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var http = app.CreateClient();
        var now = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"));
        var carrier = (await http.GetJsonAsync($"/api/{layer}?limit=1")).GetProperty("features")[0].GetProperty("properties").GetProperty("carrier").GetString();
        string[] queries = isAsset
            ? ["limit=10000", "limit=10000&datetime=2008-12-31", "limit=20&offset=2&bbox=113.5,32.5,114.8,33.4", $"limit=10000&carrier={carrier}", "limit=10000&status=planned"]
            : ["limit=10000", $"limit=10000&datetime=2008-12-31&carrier={carrier}"];
        foreach (var query in queries)
        {
            var live = await http.GetJsonAsync($"/api/{layer}?{query}");
            var then = await http.GetJsonAsync($"/api/{layer}?{query}&asOf={now}");
            Assert.Equal(live.GetProperty("numberMatched").GetInt64(), then.GetProperty("numberMatched").GetInt64());
            Assert.True(live.GetProperty("features").GetArrayLength() > 0 || query.Contains("status"), $"{layer}?{query} matched nothing: no test");
            Assert.Equal(Features(live), Features(then));
        }

        var one = live0(await http.GetJsonAsync($"/api/{layer}?limit=1"));
        Assert.Equal((await http.GetJsonAsync($"/api/{layer}/{one}")).GetProperty("properties").GetRawText(),
            (await http.GetJsonAsync($"/api/{layer}/{one}?asOf={now}")).GetProperty("properties").GetRawText());

        static long live0(JsonElement page) => page.GetProperty("features")[0].GetProperty("id").GetInt64();
        static List<string> Features(JsonElement page) => [.. page.GetProperty("features").EnumerateArray().Select(f => f.GetRawText())];
    }
}
