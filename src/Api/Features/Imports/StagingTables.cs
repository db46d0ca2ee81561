using Infra.Api.Features.Writes;
using Npgsql;

namespace Infra.Api.Features.Imports;

/// <summary>
/// An import's staging, on a connection of its own: each chunk of validated rows is copied (binary COPY) into an
/// unlogged table of its own in the <c>import_staging</c> schema and committed there, so the importer's transaction,
/// on its own connection, can merge one chunk while the next is still being copied. On one connection the two
/// alternate: a connection runs one command at a time, and writing a chunk's rows was ~0.07 s of client work per
/// 10,000 routes that the database waited through (the server itself ingests 100,000 routes of binary COPY into a
/// table in ~0.1 s). Beside the chunks, an indexed table keeps the file's codes, so repeats are found chunk by chunk
/// there too. The tables are scratch, never part of the import's transaction: they are dropped when the import
/// ends, committed or not. A session-level advisory lock marks the job as running; an import that finds tables whose
/// job holds no lock (its process died) drops them.
/// </summary>
public sealed class StagingTables : IAsyncDisposable
{
    public const string Schema = "import_staging";

    private readonly NpgsqlConnection _conn;
    private readonly string _id;
    private readonly Layer _layer;
    private readonly List<string> _tables = [];

    private StagingTables(NpgsqlConnection conn, string id, Layer layer) => (_conn, _id, _layer) = (conn, id, layer);

    /// <summary>The table the last chunk went to, schema-qualified.</summary>
    public string Current => $"{Schema}.{_tables[^1]}";

    /// <summary>Every staged chunk's codes with their row numbers (indexed by code): the whole file's, for the checks that span chunks.</summary>
    public string Codes => $"{Schema}.{_id}_codes";

    /// <param name="conn">A connection of the importer's own, open: the staging tables own it from here and close it when disposed.</param>
    public static async Task<StagingTables> OpenAsync(NpgsqlConnection conn, Layer layer, CancellationToken ct)
    {
        // Table names are "j<id>_<chunk>": the clean-up of orphans reads the id back up to the underscore.
        var id = "j" + Guid.NewGuid().ToString("N");
        try
        {
            await using var cmd = new NpgsqlCommand($"""
                DO $$
                DECLARE job text;
                BEGIN
                  FOR job IN SELECT DISTINCT split_part(relname, '_', 1) FROM pg_class
                             WHERE relnamespace = '{Schema}'::regnamespace AND relkind = 'r' LOOP
                    IF pg_try_advisory_lock(hashtext('infra import ' || job)) THEN
                      EXECUTE (SELECT 'DROP TABLE IF EXISTS ' || string_agg(format('{Schema}.%I', relname), ', ') FROM pg_class
                               WHERE relnamespace = '{Schema}'::regnamespace AND relkind = 'r' AND split_part(relname, '_', 1) = job);
                      PERFORM pg_advisory_unlock(hashtext('infra import ' || job));
                    END IF;
                  END LOOP;
                END $$;
                SELECT pg_advisory_lock(hashtext('infra import ' || @job));
                CREATE UNLOGGED TABLE {Schema}.{id}_codes (row_no int NOT NULL, code text NOT NULL);
                CREATE INDEX ON {Schema}.{id}_codes (code);
                """, conn);
            cmd.Parameters.AddWithValue("job", id);
            await cmd.ExecuteNonQueryAsync(ct);
            return new StagingTables(conn, id, layer);
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Keeps the last chunk's codes with the file's, and tells whether any of them is repeated, within the chunk or from
    /// an earlier one. On the staging connection, so it runs while the previous chunk merges, and the file's repeats are
    /// known when the last chunk is (a query over all the file's codes at the end took 1.7–2.8 s for 1,000,000 stations).
    /// </summary>
    public async Task<bool> KeepCodesAsync(CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"""
            WITH kept AS (INSERT INTO {Codes} SELECT row_no, code FROM {Current})
            SELECT EXISTS (SELECT 1 FROM {Current} GROUP BY code HAVING count(*) > 1)
                OR EXISTS (SELECT 1 FROM {Current} c JOIN {Codes} k ON k.code = c.code)
            """, _conn);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A new table for the next chunk, and a binary COPY into it (row number first, then the layer's columns).</summary>
    public async Task<NpgsqlBinaryImporter> NextChunkAsync(CancellationToken ct)
    {
        var name = $"{_id}_{_tables.Count}";
        await using (var create = new NpgsqlCommand(
            $"CREATE UNLOGGED TABLE {Schema}.{name} AS SELECT 0::int AS row_no, {_layer.Columns} FROM {_layer.Table} WITH NO DATA", _conn))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        _tables.Add(name);
        return await _conn.BeginBinaryImportAsync($"COPY {Current} (row_no, {_layer.Columns}) FROM STDIN (FORMAT BINARY)", ct);
    }

    /// <summary>Drops the chunks' tables; call after the importer's transaction has ended (it holds a lock on each table it read).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_conn.State == System.Data.ConnectionState.Open)
            {
                await using var drop = new NpgsqlCommand($"DROP TABLE IF EXISTS {string.Join(", ", _tables.Select(t => $"{Schema}.{t}").Prepend(Codes))}", _conn);
                await drop.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            await _conn.DisposeAsync(); // closes the connection: the session's advisory lock goes with it
        }
    }
}
