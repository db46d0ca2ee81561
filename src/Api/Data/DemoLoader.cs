using System.Diagnostics;
using Infra.Api.Features.Writes;
using Infra.Geodata;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using static Infra.Api.Data.CopyRows;

namespace Infra.Api.Data;

/// <summary>
/// Writes a generated data set into an empty database in one transaction, through binary COPY.
/// Asset tables enforce row-level security, which COPY FROM does not support, so assets are copied into
/// temporary staging tables and moved with one INSERT … SELECT each (the policy checks every row there).
/// </summary>
public static class DemoLoader
{
    /// <param name="name">What <c>data_sets</c> calls the set; the demo data's name unless another generated set (bench/) says otherwise.</param>
    public static async Task LoadAsync(InfraDb db, DemoData data, ILogger log, CancellationToken ct, string? name = null, string? description = null)
    {
        var clock = Stopwatch.StartNew();
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, "SELECT set_config('infra.role', 'system', true), set_config('infra.action', 'import', true), set_config('infra.request_id', 'demo-data', true)", ct);

        await Copy(conn, "carriers (id, code, name, short_name, name_en)", data.Carriers, (w, c) =>
        {
            w.Write(c.Id, NpgsqlDbType.Smallint);
            w.Write(c.Code);
            w.Write(c.Name);
            w.Write(c.ShortName);
            w.Write(c.NameEn);
        }, ct);
        await Copy(conn, "counties (code, name, name_en, boundary, seat)", data.Counties, (w, c) =>
        {
            w.Write(c.Code);
            w.Write(c.Name);
            w.Write(c.NameEn);
            w.Write(c.Boundary);
            w.Write(c.Seat);
        }, ct);
        await Copy(conn, "townships (code, county_code, name, kind, boundary, seat)", data.Townships, (w, t) =>
        {
            w.Write(t.Code);
            w.Write(t.CountyCode);
            w.Write(t.Name);
            w.Write(t.Kind.ToString());
            w.Write(t.Boundary);
            w.Write(t.Seat);
        }, ct);

        // Parents before children: the foreign key from a natural village to its administrative village is checked per row.
        var villages = data.Villages.OrderBy(v => v.ParentCode is null ? 0 : 1);
        await Copy(conn, "villages (code, kind, name, township_code, parent_code, location, population, households)", villages, (w, v) =>
        {
            w.Write(v.Code);
            w.Write(v.Kind.ToString());
            w.Write(v.Name);
            w.Write(v.TownshipCode);
            WriteNullable(w, v.ParentCode);
            w.Write(v.Location);
            w.Write(v.Population);
            w.Write(v.Households);
        }, ct);

        // Assets are written exactly as an import writes them (the layers' COPY writers), so the two cannot drift apart.
        await Stage(conn, Layers.BaseStations.Table, Layers.BaseStations.Columns, data.BaseStations, Layers.BaseStations.Write, ct);
        await Stage(conn, Layers.FiberRoutes.Table, Layers.FiberRoutes.Columns, data.FiberRoutes, Layers.FiberRoutes.Write, ct);
        await Stage(conn, Layers.SwitchingNodes.Table, Layers.SwitchingNodes.Columns, data.SwitchingNodes, Layers.SwitchingNodes.Write, ct);
        await Stage(conn, Layers.AccessPoints.Table, Layers.AccessPoints.Columns, data.AccessPoints, Layers.AccessPoints.Write, ct);
        await Stage(conn, Layers.Transmitters.Table, Layers.Transmitters.Columns, data.Transmitters, Layers.Transmitters.Write, ct);
        // Filings as an import writes them, plus the dispute history the demo carries (an import never sets it).
        await Stage(conn, Layers.ServiceFilings.Table, $"{Layers.ServiceFilings.Columns}, disputed_on, resolved_on, dispute_note",
            data.Filings, (w, f) =>
            {
                Layers.ServiceFilings.Write(w, f);
                WriteNullable(w, f.DisputedOn);
                WriteNullable(w, f.ResolvedOn);
                WriteNullable(w, f.DisputeNote);
            }, ct);

        db.Database.UseTransaction(tx);
        db.Cities.AddRange(data.Cities);
        db.Plans.Add(data.Plan);
        db.DataSets.Add(new DataSet
        {
            Name = name ?? DemoData.Name,
            Description = description ?? DemoData.Notice,
            IsDemo = true,
            Fingerprint = data.Fingerprint,
            LoadedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync(ct);
        await Exec(conn, "ANALYZE", ct);
        await tx.CommitAsync(ct);
        db.Database.UseTransaction(null);
        await db.Database.CloseConnectionAsync();
        log.LogInformation("Loaded the demo data ({Villages} villages, {Stations} stations) in {Ms} ms",
            data.Villages.Count, data.BaseStations.Count, clock.ElapsedMilliseconds);
    }

    private static async Task Stage<T>(NpgsqlConnection conn, string table, string columns, IEnumerable<T> rows,
        Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        var staging = $"staging_{table}";
        await Exec(conn, $"CREATE TEMP TABLE {staging} ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA", ct);
        await Copy(conn, $"{staging} ({columns})", rows, write, ct);
        await Exec(conn, $"INSERT INTO {table} ({columns}) SELECT {columns} FROM {staging}", ct);
    }

    private static async Task Copy<T>(NpgsqlConnection conn, string target, IEnumerable<T> rows,
        Action<NpgsqlBinaryImporter, T> write, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await importer.StartRowAsync(ct);
            write(importer, row);
        }

        await importer.CompleteAsync(ct);
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
