using Infra.Api.Data;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Map.Rendering;
using Infra.Map.Tiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Infra.Map.Tests;

/// <summary>The stored footprints the station tiles read (migration StationFootprints) follow every write to a station.</summary>
public class FootprintTests(PostGis pg)
{
    [Fact]
    public async Task A_stored_footprint_follows_its_station_through_edit_move_retire_withdraw_and_delete()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var system = new Actor();
        system.AsSystem();
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        long id, planned;
        await using (var db = PostGis.Context(cs, system))
        {
            var carrier = await db.Carriers.OrderBy(c => c.Id).Select(c => c.Id).FirstAsync(ct);
            var s = new BaseStation(carrier, "fp-1", null, Lifecycle.InServiceSince(new(2005, 1, 1)), Wgs84.Point(114.5, 33.1), RadioTechnology.Gsm, 3_000, null, 30);
            var p = new BaseStation(carrier, "fp-2", null, new Lifecycle(new(2006, 1, 1), null, null, null), Wgs84.Point(114.7, 33.2), RadioTechnology.Lte, null, null, 30);
            db.BaseStations.AddRange(s, p);
            await db.SaveChangesAsync(ct);
            (id, planned) = (s.Id, p.Id);
        }

        // An omni circle of 3 km on the ground is 3 km·sec φ wide in Web Mercator at every resolution.
        var k = 1 / Math.Cos(33.1 * Math.PI / 180);
        var circle = await FootprintAsync(conn, id, ct);
        Assert.NotNull(circle);
        Assert.InRange(circle.Value.Width, 2 * 3_000 * k * 0.99, 2 * 3_000 * k * 1.001);
        Assert.Equal(1, circle.Value.Parts);
        Assert.Null(await FootprintAsync(conn, planned, ct)); // planned only: nothing in service to draw

        await using (var db = PostGis.Context(cs, system))
        {
            var s = await db.BaseStations.SingleAsync(x => x.Id == id, ct);
            s.SetFootprint(null, [new Sector(0, 60, 4_000), new Sector(120, 60, null), new Sector(240, 60, null)]);
            var p = await db.BaseStations.SingleAsync(x => x.Id == planned, ct);
            p.ChangeLifecycle(new Lifecycle(new(2006, 1, 1), null, new(2007, 1, 1), null));
            await db.SaveChangesAsync(ct);
        }

        var sectors = await FootprintAsync(conn, id, ct);
        Assert.Equal(3, sectors!.Value.Parts);
        Assert.InRange(sectors.Value.MaxY - sectors.Value.Y, 4_000 * k * 0.99, 4_000 * k * 1.001); // the north sector's own 4 km
        var commissioned = await FootprintAsync(conn, planned, ct);
        // Commissioned with no radius: LTE's default, the coverage engine's own.
        Assert.InRange(commissioned!.Value.Width, 2 * CoverageOptions.Default.DefaultRadiusM[RadioTechnology.Lte] * 0.99 / Math.Cos(33.2 * Math.PI / 180),
            2 * CoverageOptions.Default.DefaultRadiusM[RadioTechnology.Lte] * 1.001 / Math.Cos(33.2 * Math.PI / 180));

        // Moved by any write path (here plain SQL): the footprint moves with it.
        await using (var asSystem = new NpgsqlCommand("SELECT set_config('infra.role', 'system', false)", conn))
        {
            await asSystem.ExecuteNonQueryAsync(ct);
        }

        await using (var move = new NpgsqlCommand("UPDATE base_stations SET location = ST_SetSRID(ST_MakePoint(114.6, 33.1), 4326) WHERE id = $1", conn))
        {
            move.Parameters.AddWithValue(id);
            Assert.Equal(1, await move.ExecuteNonQueryAsync(ct));
        }

        var moved = await FootprintAsync(conn, id, ct);
        Assert.InRange(moved!.Value.MinX - sectors.Value.MinX, TileMath.Mercator(114.6, 0).X - TileMath.Mercator(114.5, 0).X - 1, TileMath.Mercator(114.6, 0).X - TileMath.Mercator(114.5, 0).X + 1);

        // Retired: the tile shows it before the date and not after.
        await using (var db = PostGis.Context(cs, system))
        {
            var s = await db.BaseStations.SingleAsync(x => x.Id == id, ct);
            s.Retire(new DateOnly(2010, 1, 1));
            await db.SaveChangesAsync(ct);
        }

        await using var app = PostGis.App(cs);
        var tiles = app.Services.GetRequiredService<TileService>();
        var (tx, ty) = TileMath.TileAt(114.6, 33.1, 11);
        var layer = TileLayers.Find("base-stations")!;
        Assert.Contains(Tiles.Layer(await tiles.BuildAsync(layer, 11, tx, ty, new(2009, 6, 1), ct), "footprints").Features, f => f.Id == (ulong)id);
        var after = await tiles.BuildAsync(layer, 11, tx, ty, new(2010, 6, 1), ct);
        Assert.DoesNotContain(MvtReader.Read(after).Where(l => l.Name == "footprints").SelectMany(l => l.Features), f => f.Id == (ulong)id);

        await using (var db = PostGis.Context(cs, system))
        {
            var s = await db.BaseStations.SingleAsync(x => x.Id == id, ct);
            s.Withdraw(DateTimeOffset.UtcNow, "entered in error");
            await db.SaveChangesAsync(ct);
            db.BaseStations.Remove(await db.BaseStations.SingleAsync(x => x.Id == planned, ct));
            await db.SaveChangesAsync(ct);
        }

        Assert.Null(await FootprintAsync(conn, id, ct));
        Assert.Null(await FootprintAsync(conn, planned, ct));
    }

    [Fact]
    public async Task Stored_footprints_take_the_coverage_engines_default_radius_for_every_technology()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new NpgsqlConnection(pg.SharedDemo);
        await conn.OpenAsync(ct);
        foreach (var (technology, radius) in CoverageOptions.Default.DefaultRadiusM)
        {
            await using var cmd = new NpgsqlCommand("SELECT infra_default_radius_m($1)", conn);
            cmd.Parameters.AddWithValue(technology.ToString());
            Assert.Equal(radius, (double)(await cmd.ExecuteScalarAsync(ct))!);
        }
    }

    [Fact]
    public async Task Omni_footprints_are_exactly_geos_buffers_of_the_projected_station()
    {
        // The function scales a unit circle instead of buffering each station (migration FootprintCirclesByAffine): the
        // stored circles must be the buffer's, byte for byte, at every resolution.
        var ct = TestContext.Current.CancellationToken;
        await using var conn = new NpgsqlConnection(pg.SharedDemo);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("""
            WITH s AS (
              SELECT f.low, f.mid, f.high, ST_SetSRID(ST_MakePoint(ST_X(b.location) * 20037508.342789244 / 180,
                       ln(tan(radians(45 + ST_Y(b.location) / 2))) * 20037508.342789244 / pi()), 3857) AS xy,
                     COALESCE(b.omni_radius_m::float8, infra_default_radius_m(b.technology::text)) * (1 / cos(radians(ST_Y(b.location)))) AS r
              FROM station_footprints f JOIN base_stations b ON b.id = f.station_id
              WHERE jsonb_array_length(b.sectors) = 0)
            SELECT count(*), count(*) FILTER (WHERE ST_AsEWKB(low) <> ST_AsEWKB(ST_Buffer(xy, r, 4)) OR ST_AsEWKB(mid) <> ST_AsEWKB(ST_Buffer(xy, r, 8))
                                                 OR ST_AsEWKB(high) <> ST_AsEWKB(ST_Buffer(xy, r, 16)))
            FROM s
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        Assert.True(r.GetInt64(0) > 100, $"only {r.GetInt64(0)} omni stations in the demo data");
        Assert.Equal(0, r.GetInt64(1));
    }

    /// <summary>The stored footprint's finest resolution: its Mercator box, the station's y and the part count; null when it has none.</summary>
    private static async Task<(double Width, double MaxY, double MinX, double Y, int Parts)?> FootprintAsync(NpgsqlConnection conn, long id, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT ST_XMax(f.high) - ST_XMin(f.high), ST_YMax(f.high), ST_XMin(f.high), ST_Y(ST_Transform(s.location, 3857)),
                   ST_NumGeometries(f.high), ST_NumGeometries(f.low), ST_NPoints(f.low) < ST_NPoints(f.mid) AND ST_NPoints(f.mid) < ST_NPoints(f.high)
            FROM station_footprints f JOIN base_stations s ON s.id = f.station_id WHERE f.station_id = $1
            """, conn);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        Assert.Equal(r.GetInt32(4), r.GetInt32(5));
        Assert.True(r.GetBoolean(6), "each zoom band's footprint is finer than the one below");
        return (r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetInt32(4));
    }
}
