using Npgsql;

namespace Infra.Api.Tests;

/// <summary>The demo data as loaded into PostGIS: regions checked by PostGIS itself, baseline totals read back through the API.</summary>
public class DemoDataTests(PostGis pg)
{
    [Fact]
    public async Task Totals_through_the_api_on_2005_12_31_equal_the_plans_baseline_exactly()
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var summary = (await app.CreateClient().GetJsonAsync("/api/network/totals?asOf=2005-12-31")).GetProperty("summary");
        Assert.Equal(1_235_000, summary.GetProperty("fixedSwitching").GetProperty("capacityLines").GetInt64());
        Assert.Equal(741_000, summary.GetProperty("fixedSwitching").GetProperty("subscribersInUse").GetInt64());
        Assert.Equal(180_000, summary.GetProperty("phs").GetProperty("capacityLines").GetInt64());
        Assert.Equal(138_000, summary.GetProperty("phs").GetProperty("subscribersInUse").GetInt64());
        Assert.Equal(56_000, summary.GetProperty("broadband").GetProperty("ports").GetInt64());
        Assert.Equal(36_000, summary.GetProperty("broadband").GetProperty("portsUsed").GetInt64());
        Assert.Equal(1_650_000, summary.GetProperty("mobileSwitching").GetProperty("capacityLines").GetInt64());
        Assert.Equal(182_400, summary.GetProperty("cableTvSubscribers").GetInt64());

        // The as-of date is honoured: the build-out adds to every figure afterwards.
        var later = (await app.CreateClient().GetJsonAsync("/api/network/totals?asOf=2008-12-31")).GetProperty("summary");
        Assert.True(later.GetProperty("fixedSwitching").GetProperty("capacityLines").GetInt64() > 1_235_000);
        Assert.True(later.GetProperty("mobileSwitching").GetProperty("capacityLines").GetInt64() > 1_650_000);
    }

    [Fact]
    public async Task Regions_have_the_facts_counts_and_valid_geometry_by_postgis()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new NpgsqlConnection(pg.SharedDemo);
        await conn.OpenAsync(ct);
        async Task<T> Scalar<T>(string sql) => (T)(await new NpgsqlCommand(sql, conn).ExecuteScalarAsync(ct))!;

        Assert.Equal(10L, await Scalar<long>("SELECT count(*) FROM counties WHERE ST_IsValid(boundary)"));
        Assert.Equal(203L, await Scalar<long>("SELECT count(*) FROM townships WHERE ST_IsValid(boundary)"));
        Assert.Equal(2413L, await Scalar<long>("SELECT count(*) FROM villages WHERE kind = 'Administrative'"));
        Assert.Equal(8_352_800L, await Scalar<long>("SELECT sum(population) FROM villages WHERE kind <> 'Administrative'"));
        Assert.InRange(await Scalar<double>("SELECT sum(ST_Area(boundary::geography)) / 1e6 FROM counties"), 15_094 * 0.95, 15_094 * 1.05);
        Assert.True(await Scalar<double>("""
            SELECT coalesce(max(ST_Area(ST_Intersection(a.boundary, b.boundary)::geography)), 0) / 1e6
            FROM counties a JOIN counties b ON a.code < b.code AND a.boundary && b.boundary
            """) <= 0.1, "no two counties overlap by more than 0.1 km²");
        Assert.Equal(0L, await Scalar<long>("""
            SELECT count(*) FROM villages v JOIN townships t ON t.code = v.township_code WHERE NOT ST_Covers(t.boundary, v.location)
            """));
    }

    [Fact]
    public async Task Fiber_lengths_are_computed_by_postgis_on_the_spheroid_and_agree_with_the_domain()
    {
        var ct = TestContext.Current.CancellationToken;
        var byCode = pg.Demo.FiberRoutes.ToDictionary(f => (f.CarrierId, f.Code));
        await using var conn = new NpgsqlConnection(pg.SharedDemo);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT carrier_id, code, length_m FROM fiber_routes", conn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var compared = 0;
        while (await reader.ReadAsync(ct))
        {
            var domain = byCode[(reader.GetInt16(0), reader.GetString(1))].LengthM;
            Assert.Equal(domain, reader.GetDouble(2), domain * 1e-7 + 0.001);
            compared++;
        }

        Assert.Equal(pg.Demo.FiberRoutes.Count, compared);
    }
}
