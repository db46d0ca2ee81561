using Infra.Api.Tests.Writes;

namespace Infra.Api.Tests.Imports;

/// <summary>An export imported back by the same carrier changes nothing: no row, no history record.</summary>
public class ExportRoundTripTests(PostGis pg)
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var layer in new[] { "base-stations", "fiber-routes", "switching-nodes", "access-points", "transmitters", "service-filings" })
        {
            foreach (var format in new[] { "geojson", "csv", "gpkg" })
            {
                data.Add(layer, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Export_then_import_changes_nothing(string layer, string format)
    {
        await using var w = await WriteWorld.CreateAsync(pg);
        var carrier = layer switch { "transmitters" => "catv", "switching-nodes" or "access-points" => "cnc", _ => "ct" };
        var response = await w.Anonymous.GetAsync($"/api/exports/{layer}?format={format}&carrier={carrier}", TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        var table = Infra.Api.Features.Writes.Layer.Find(layer)!.Table;
        var rows = await w.ScalarAsync($"SELECT count(*) FROM {table} WHERE carrier_id = (SELECT id FROM carriers WHERE code = '{carrier}')");
        Assert.True(rows > 0, "the demo data has records to export");
        var before = await w.CountsAsync(table);

        var job = (await w.ImportAsync($"carrier:{carrier}", bytes, $"{layer}.{format}", ("layer", layer))).Body;
        var result = job.Result();
        Assert.Equal((0, 0, rows), (result.GetProperty("created").GetInt32(), result.GetProperty("changed").GetInt32(), result.GetProperty("unchanged").GetInt64()));
        Assert.Equal(before, await w.CountsAsync(table));
    }
}
