using Infra.Api.Data;
using Infra.Domain.Access;
using Infra.Domain.Assets;
using Infra.Domain.Geo;
using Infra.Geodata;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Infra.Api.Tests;

/// <summary>Carrier isolation holds in PostgreSQL itself: raw SQL as a carrier cannot touch another carrier's rows.</summary>
public class RowLevelSecurityTests(PostGis pg)
{
    private static readonly short Mobile = Carriers.Mobile.Id;
    private static readonly short Unicom = Carriers.Unicom.Id;

    [Fact]
    public async Task A_carrier_session_cannot_update_another_carriers_rows_with_raw_sql()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await SeededAsync(ct);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, $"SELECT set_config('infra.role', 'carrier', true), set_config('infra.carrier_id', '{Mobile}', true)", ct);

        Assert.Equal(0, await ExecAsync(conn, $"UPDATE base_stations SET name = 'hijacked' WHERE carrier_id = {Unicom}", ct));
        Assert.Equal(0, await ExecAsync(conn, $"DELETE FROM base_stations WHERE carrier_id = {Unicom}", ct));
        Assert.Equal(1, await ExecAsync(conn, $"UPDATE base_stations SET name = 'renamed' WHERE carrier_id = {Mobile}", ct));

        var moved = await Assert.ThrowsAsync<PostgresException>(() =>
            ExecAsync(conn, $"UPDATE base_stations SET carrier_id = {Unicom} WHERE carrier_id = {Mobile}", ct));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, moved.SqlState);
        await tx.RollbackAsync(ct);

        Assert.Equal("unicom-1", await NameOfAsync(cs, Unicom, ct));
    }

    [Fact]
    public async Task A_carrier_session_cannot_insert_rows_for_another_carrier()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await SeededAsync(ct);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await ExecAsync(conn, $"SELECT set_config('infra.role', 'carrier', false), set_config('infra.carrier_id', '{Mobile}', false)", ct);

        var e = await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(conn, InsertSql(Unicom, "forged"), ct));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        Assert.Contains("row-level security", e.MessageText);
        Assert.Equal(1, await ExecAsync(conn, InsertSql(Mobile, "own"), ct));
    }

    [Fact]
    public async Task A_session_that_says_nothing_can_write_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await SeededAsync(ct);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);

        Assert.True((long)(await new NpgsqlCommand("SELECT count(*) FROM base_stations", conn).ExecuteScalarAsync(ct))! >= 2, "everyone may read");
        Assert.Equal(0, await ExecAsync(conn, "UPDATE base_stations SET name = 'x'", ct));
        await Assert.ThrowsAsync<PostgresException>(() => ExecAsync(conn, InsertSql(Mobile, "anonymous"), ct));
    }

    [Fact]
    public async Task Through_the_model_a_carrier_cannot_save_a_change_to_another_carriers_station()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await SeededAsync(ct);
        var actor = new Actor();
        actor.AsKey(1, Role.ForCarrier("cmcc"), Mobile);
        await using (var db = PostGis.Context(cs, actor))
        {
            var theirs = await db.BaseStations.SingleAsync(s => s.CarrierId == Unicom, ct);
            theirs.Rename("hijacked");
            await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => db.SaveChangesAsync(ct));
        }

        await using (var db = PostGis.Context(cs, actor))
        {
            var mine = await db.BaseStations.SingleAsync(s => s.CarrierId == Mobile, ct);
            mine.Rename("renamed by its owner");
            Assert.Equal(1, await db.SaveChangesAsync(ct));
        }

        Assert.Equal("unicom-1", await NameOfAsync(cs, Unicom, ct));
        Assert.Equal("renamed by its owner", await NameOfAsync(cs, Mobile, ct));
    }

    [Fact]
    public async Task Planners_may_change_filings_but_not_assets()
    {
        var ct = TestContext.Current.CancellationToken;
        var cs = await SeededAsync(ct);
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await ExecAsync(conn, "SELECT set_config('infra.role', 'planner', false)", ct);
        Assert.Equal(0, await ExecAsync(conn, "UPDATE base_stations SET name = 'x'", ct));
        Assert.Equal(1, await ExecAsync(conn, "UPDATE service_filings SET dispute_state = 'Disputed', disputed_on = DATE '2008-01-01', dispute_note = 'test'", ct));
    }

    /// <summary>A database of this test's own with one station each for China Mobile and China Unicom, and one filing.</summary>
    private async Task<string> SeededAsync(CancellationToken ct)
    {
        var cs = await pg.NewDatabaseAsync(withDemo: true);
        var system = new Actor();
        system.AsSystem();
        await using var db = PostGis.Context(cs, system);
        await db.BaseStations.Where(s => s.CarrierId == Mobile || s.CarrierId == Unicom).ExecuteDeleteAsync(ct);
        db.BaseStations.Add(Station(Mobile, "mobile-1"));
        db.BaseStations.Add(Station(Unicom, "unicom-1"));
        await db.SaveChangesAsync(ct);
        await db.ServiceFilings.ExecuteDeleteAsync(ct);
        var village = await db.Villages.Select(v => v.Code).FirstAsync(ct);
        db.ServiceFilings.Add(new Domain.Filings.ServiceFiling(Carriers.Netcom.Id, "f-1", village, Domain.Filings.FiledService.FixedPhone,
            "POTS", null, null, new DateOnly(2005, 1, 1), null, null));
        await db.SaveChangesAsync(ct);
        return cs;
    }

    private static BaseStation Station(short carrier, string code) => new(carrier, code, code, Lifecycle.InServiceSince(new DateOnly(2005, 1, 1)),
        Wgs84.Point(114.02, 32.98), RadioTechnology.Gsm, 3000, null, 30);

    private static string InsertSql(short carrier, string code) =>
        "INSERT INTO base_stations (carrier_id, code, commissioned_on, location, technology, sectors) " +
        $"VALUES ({carrier}, '{code}', DATE '2005-01-01', ST_SetSRID(ST_MakePoint(114.0, 33.0), 4326), 'Gsm', '[]')";

    private static async Task<string?> NameOfAsync(string cs, short carrier, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"SELECT name FROM base_stations WHERE carrier_id = {carrier}", conn);
        return (string?)await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task<int> ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
