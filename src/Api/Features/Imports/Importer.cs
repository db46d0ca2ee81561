using System.Globalization;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Hosting;
using Infra.Api.Http;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Infra.Api.Features.Imports;

/// <summary>
/// A bulk import, all or nothing, in one transaction: rows stream from the file through the CRS conversion
/// and the domain constructors (every invariant, the region check) into a binary COPY to a staging table of the
/// chunk's own, on a second connection (<see cref="StagingTables"/>), a chunk at a time. Each chunk is checked
/// set-based (codes repeated within it or from an earlier chunk, on the staging connection; unknown villages) and
/// merged by one INSERT … ON CONFLICT (carrier_id, code) DO UPDATE on the carrier's own codes, touching only rows that
/// differ (so re-importing an export changes nothing), while the next chunk is validated and copied: reading,
/// validating and copying overlap the database's merging instead of preceding it, and memory holds at most a chunk
/// or two of rows however long the file is. The history triggers record every created and changed row in the same
/// transaction. Any bad row, and any repeated code, stops the merging (the rest of the file is still read, to report
/// every bad row) and nothing is committed. A dry run does all of it and rolls back. The session is the key's (a carrier key's session may write only that
/// carrier's rows: row-level security refuses any other whatever the code above does).
/// </summary>
public sealed class Importer(DatabaseEndpoint endpoint, RegionBounds region, AssetChanges changes, TimeProvider clock, Actor actor, IOptions<InfraOptions> options)
{
    /// <summary>Bad rows reported in full up to this many; past it the import still fails, and says how many more there were.</summary>
    public const int MaxReportedErrors = 100_000;

    public ImportProgress Progress { get; } = new();

    public string JobId { get; set; } = Guid.NewGuid().ToString("N");

    public async Task<ImportResult> RunAsync(ImportRequest request, CancellationToken ct)
    {
        var carriers = await CarriersAsync(ct);
        var carrier = carriers.Find(c => c.Code == request.Carrier)
            ?? throw new ImportFailed([new FieldError("carrier", $"Unknown carrier '{request.Carrier}'. Known: {string.Join(", ", carriers.Select(c => c.Code))}.")]);
        ImportPlan plan;
        try
        {
            plan = ImportPlan.Open(request, carrier, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        }
        catch (Domain.DomainException e)
        {
            throw new ImportFailed([new FieldError(e.Field, e.Message)]);
        }
        catch (ImportFileException e)
        {
            throw new ImportFailed([new FieldError(e.Field, e.Message, e.Row)]);
        }

        using (plan)
        {
            return await plan.Layer.ImportAsync(this, plan, ct);
        }
    }

    public async Task<ImportResult> RunAsync<T>(Layer<T> layer, ImportPlan plan, CancellationToken ct) where T : class
    {
        var carrierId = plan.Carrier.Id;
        var seconds = new Dictionary<string, double>();
        var clockwatch = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string phase)
        {
            seconds[phase] = Math.Round(clockwatch.Elapsed.TotalSeconds, 2);
            clockwatch.Restart();
        }

        var area = await region.GetAsync(ct);
        // Connections of its own rather than the scope's EF Core context: nothing here needs EF's model (DatabaseEndpoint.DataSource).
        await using var conn = await ActorSession.OpenAsync(endpoint, actor, clock, ct);
        // Disposed after the transaction below has ended (it drops the tables the transaction read).
        await using var staging = await StagingTables.OpenAsync(await ActorSession.OpenAsync(endpoint, actor, clock, ct), layer, ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ExecAsync(conn, "SELECT set_config('infra.action', 'import', true), set_config('infra.request_id', @job, true), set_config('infra.now', @now, true)", ct,
            ("job", JobId), ("now", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        // A chunk's spatial sort stays in memory (the default 4 MB spilled to disk).
        await ExecAsync(conn, "SET LOCAL work_mem = '64MB'", ct);
        Lap("open");

        Progress.Phase = "validating";
        var chunkRows = options.Value.ImportChunkRows;
        var errors = new List<FieldError>();
        var setErrors = new List<FieldError>(); // found set-based per chunk; reported when no row has a problem of its own
        var extra = 0;
        var staged = 0L;
        var inChunk = 0;
        var repeated = false;
        long created = 0, changed = 0;
        var merging = new System.Diagnostics.Stopwatch();
        var merge = Task.CompletedTask; // the last chunk's merge, on the transaction's connection, while the next is copied
        var copy = await staging.NextChunkAsync(ct);
        try
        {
            await using var pipeline = new ValidationPipeline<T>(plan.Rows, row =>
            {
                Progress.Read();
                return Validate(layer, plan, row, area, carrierId);
            }, ct, chunkRows);
            await foreach (var batch in pipeline.Batches)
            {
                foreach (var (row, record) in batch)
                {
                    if (record is null)
                    {
                        foreach (var e in row.Fields.Errors)
                        {
                            if (errors.Count < MaxReportedErrors)
                            {
                                errors.Add(e);
                            }
                            else
                            {
                                extra++;
                            }
                        }

                        continue;
                    }

                    Progress.Validated();
                    if (errors.Count == 0)
                    {
                        copy.StartRow();
                        copy.Write(row.Row);
                        layer.Write(copy, record);
                        staged++;
                        if (++inChunk == chunkRows)
                        {
                            await HandOverAsync();
                            copy = await staging.NextChunkAsync(ct);
                        }
                    }
                }
            }

            if (errors.Count == 0)
            {
                await HandOverAsync();
            }

            await merge;
        }
        catch (ImportFileException e)
        {
            await merge;
            errors.Add(new FieldError(e.Field, e.Message, e.Row));
        }
        finally
        {
            await copy.DisposeAsync();
            // Whatever stopped the reading, the transaction's connection is not left running a merge.
            await merge.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        // Validation and merging overlap: "validate" is the wall time the merges did not account for.
        seconds["validate"] = Math.Round((clockwatch.Elapsed - merging.Elapsed).TotalSeconds, 2);
        seconds["merge"] = Math.Round(merging.Elapsed.TotalSeconds, 2);
        clockwatch.Restart();

        // A repeated code (within a chunk or across chunks) stopped the merging: the file is refused with every
        // repeat named, and nothing is committed.
        if (errors.Count == 0)
        {
            errors.AddRange(setErrors);
            if (repeated)
            {
                errors.AddRange(await RepeatedCodesAsync(conn, staging.Codes, ct));
            }
        }

        Lap("check");

        if (errors.Count > 0)
        {
            if (extra > 0)
            {
                errors.Add(new FieldError("file", $"…and {extra} more problems not listed."));
            }

            throw new ImportFailed(errors);
        }

        // The chunk's COPY ends (committed on the staging connection) and, once the previous chunk's merge is done,
        // its merge starts on the transaction's connection while the caller goes on to copy the next chunk.
        async Task HandOverAsync()
        {
            await copy.CompleteAsync(ct);
            await copy.DisposeAsync();
            repeated |= await staging.KeepCodesAsync(ct);
            await merge;
            merge = MergeChunkAsync(staging.Current);
            inChunk = 0;
        }

        // A chunk's rows are merged unless a problem was found (then nothing will be committed, and merging more would
        // be wasted work; a code repeated within the chunk would also make its ON CONFLICT touch a row twice).
        async Task MergeChunkAsync(string table)
        {
            merging.Start();
            if (layer is ServiceFilingLayer && setErrors.Count < MaxReportedErrors)
            {
                setErrors.AddRange(await UnknownVillagesAsync(conn, table, ct));
            }

            if (errors.Count == 0 && setErrors.Count == 0 && !repeated)
            {
                Progress.Phase = "validating and merging";
                var (c, u) = await MergeAsync(conn, layer, table, ct);
                created += c;
                changed += u;
                Progress.Written(created + changed);
            }

            merging.Stop();
        }

        var (retired, notRetired) = plan.Request.RetireMissing ? await RetireMissingAsync(conn, layer, carrierId, plan, staging.Codes, ct) : (0, 0);
        var notes = new List<string>();
        if (plan.Undated > 0)
        {
            notes.Add($"{plan.Undated} rows gave no date; their status is recorded as of {(plan.Request.LifecycleDate ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime)):yyyy-MM-dd}.");
        }

        if (notRetired > 0)
        {
            notes.Add($"{notRetired} records missing from the file were not retired: they were never commissioned, or after the retirement date (withdraw them if they were created in error).");
        }

        if (!plan.Crs.IsWgs84)
        {
            notes.Add($"Coordinates were converted from {plan.Crs.Name} to WGS 84.");
        }

        var result = new ImportResult(layer.Name, plan.Carrier.Code, plan.Format, plan.Crs.Name, plan.Request.DryRun, staged, created, changed,
            staged - created - changed, retired, notRetired, notes, seconds);
        if (plan.Request.DryRun)
        {
            await tx.RollbackAsync(ct);
            Progress.Phase = "done (dry run: nothing written)";
            return result;
        }

        await tx.CommitAsync(ct);
        Lap("commit");
        if (changes.HasSubscribers)
        {
            Progress.Phase = "announcing";
            await AnnounceAsync(conn, layer, ct);
            Lap("announce");
        }

        Progress.Phase = "done";
        return result;
    }

    /// <summary>Every carrier, by id (an import names its own by code).</summary>
    private async Task<List<Domain.Carrier>> CarriersAsync(CancellationToken ct)
    {
        var carriers = new List<Domain.Carrier>();
        await using var conn = await endpoint.DataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("SELECT id, code, name, short_name, name_en FROM carriers ORDER BY id", conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            carriers.Add(new Domain.Carrier(r.GetInt16(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4)));
        }

        return carriers;
    }

    private T? Validate<T>(Layer<T> layer, ImportPlan plan, SourceRow row, RegionBounds.Area area, short carrierId) where T : class
    {
        var f = row.Fields;
        var named = f.Text("carrier", 64);
        if (named is not null && named != plan.Carrier.Code)
        {
            f.Add("carrier", $"The row belongs to carrier '{named}', but this import is {plan.Carrier.Code}'s: a carrier imports only its own records.");
        }

        Geometry? geometry = null;
        if (row.Geometry is not null)
        {
            try
            {
                geometry = plan.Crs.ToWgs84(row.Geometry);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
            {
                f.Add("geometry", $"cannot be converted from {plan.Crs.Name}: {e.Message}");
            }
        }

        var record = layer.TryBuild(f, geometry, carrierId);
        if (record is not null && geometry is not null && layer.GeometryColumn is not null)
        {
            RegionBounds.Check(area, geometry, f);
        }

        return f.Errors.Count == 0 ? record : null;
    }

    /// <summary>Every code the file gives more than once, each repeat named by its row (set-based over the whole file's codes).</summary>
    private static Task<List<FieldError>> RepeatedCodesAsync(NpgsqlConnection conn, string codes, CancellationToken ct) => ErrorsAsync(conn,
        $"SELECT code, array_agg(row_no ORDER BY row_no) FROM {codes} GROUP BY code HAVING count(*) > 1 ORDER BY min(row_no) LIMIT 10000",
        r =>
        {
            var rows = r.GetFieldValue<int[]>(1);
            return [.. rows.Skip(1).Select(row => new FieldError("code", $"Code '{r.GetString(0)}' is also on row {rows[0]}: codes are unique per carrier.", row))];
        }, ct);

    /// <summary>Service filings of the staged chunk whose village is not in the region.</summary>
    private static Task<List<FieldError>> UnknownVillagesAsync(NpgsqlConnection conn, string table, CancellationToken ct) => ErrorsAsync(conn,
        $"SELECT row_no, village_code FROM {table} s WHERE NOT EXISTS (SELECT 1 FROM villages v WHERE v.code = s.village_code) ORDER BY row_no LIMIT 10000",
        r => [new FieldError("villageCode", $"There is no village '{r.GetString(1)}' in the region.", r.GetInt32(0))], ct);

    /// <summary>The problems a set-based check's rows describe.</summary>
    private static async Task<List<FieldError>> ErrorsAsync(NpgsqlConnection conn, string sql, Func<NpgsqlDataReader, List<FieldError>> problems, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            errors.AddRange(problems(r));
        }

        return errors;
    }

    /// <summary>
    /// The merge of a chunk. Rows go in spatial order (PostGIS sorts geometries along a Hilbert curve), so consecutive
    /// inserts touch neighbouring GiST pages: on 1 M stations this is the difference between cache hits and random I/O.
    /// A chunk none of whose codes the carrier has yet (a first load) is inserted plainly: ON CONFLICT's speculative
    /// insertion made the insert itself 1.5–2.5× slower (EXPLAIN ANALYZE, 100,000 routes and 250,000 stations). Should
    /// another writer create one of the codes meanwhile, the insert fails on the unique key, is undone to its savepoint,
    /// and the chunk is merged instead.
    /// </summary>
    private static async Task<(long Created, long Changed)> MergeAsync(NpgsqlConnection conn, Layer layer, string table, CancellationToken ct)
    {
        var order = layer.GeometryColumn ?? "row_no";
        // LATERAL … LIMIT 1 keeps this a probe of the unique index per staged row, whatever the planner guesses of the temp table.
        if (!await ScalarAsync<bool>(conn,
                $"SELECT EXISTS (SELECT 1 FROM {table} s CROSS JOIN LATERAL (SELECT 1 FROM {layer.Table} t WHERE t.carrier_id = s.carrier_id AND t.code = s.code LIMIT 1) known)", ct))
        {
            await ExecAsync(conn, "SAVEPOINT import_chunk", ct);
            try
            {
                await using var insert = new NpgsqlCommand(
                    $"INSERT INTO {layer.Table} ({layer.Columns}) SELECT {layer.Columns} FROM {table} ORDER BY {order}", conn) { CommandTimeout = 0 };
                var created = await insert.ExecuteNonQueryAsync(ct);
                await ExecAsync(conn, "RELEASE SAVEPOINT import_chunk", ct);
                return (created, 0);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                await ExecAsync(conn, "ROLLBACK TO SAVEPOINT import_chunk", ct);
            }
        }

        var set = layer.MergeColumns.Split(", ").Where(c => c is not "carrier_id" and not "code").ToList();
        // Positions are compared within a centimetre (Layer.SamePositionDegrees), the rest exactly.
        var exact = set.Where(c => c != layer.GeometryColumn).ToList();
        var moved = layer.GeometryColumn is { } g ? $" OR NOT {Layer.SameGeometrySql("t." + g, "EXCLUDED." + g)}" : "";
        var sql = $"""
            WITH m AS (
              INSERT INTO {layer.Table} AS t ({layer.Columns})
              SELECT {layer.Columns} FROM {table} ORDER BY {order}
              ON CONFLICT (carrier_id, code) DO UPDATE SET {string.Join(", ", set.Select(c => $"{c} = EXCLUDED.{c}"))}, withdrawn_at = NULL, withdrawn_reason = NULL
              WHERE ({string.Join(", ", exact.Select(c => "t." + c))}) IS DISTINCT FROM ({string.Join(", ", exact.Select(c => "EXCLUDED." + c))}){moved}
                 OR t.withdrawn_at IS NOT NULL
              RETURNING (xmax = 0) AS inserted)
            SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM m
            """;
        await using var cmd = new NpgsqlCommand(sql, conn) { CommandTimeout = 0 };
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private static async Task<(long Retired, long NotRetired)> RetireMissingAsync(NpgsqlConnection conn, Layer layer, short carrierId, ImportPlan plan,
        string codes, CancellationToken ct)
    {
        var day = plan.Request.RetireOn ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var missing = $"t.carrier_id = @carrier AND t.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM {codes} s WHERE s.code = t.code)";
        await using var retire = new NpgsqlCommand(
            $"UPDATE {layer.Table} t SET {layer.RetireSetSql} WHERE {missing} AND {layer.RetirableSql}", conn) { CommandTimeout = 0 };
        retire.Parameters.AddWithValue("carrier", carrierId);
        retire.Parameters.AddWithValue("day", day);
        var retired = await retire.ExecuteNonQueryAsync(ct);
        await using var left = new NpgsqlCommand(
            $"SELECT count(*) FROM {layer.Table} t WHERE {missing} AND NOT ({layer.RetirableSql}) AND {layer.RetireSetSql.Replace(" = @day", " IS NULL", StringComparison.Ordinal)}", conn);
        left.Parameters.AddWithValue("carrier", carrierId);
        left.Parameters.AddWithValue("day", day);
        return (retired, (long)(await left.ExecuteScalarAsync(ct))!);
    }

    /// <summary>
    /// After commit: tells the caches what the import changed, in batches, from the history it wrote: each record's box
    /// before (parsed back from a changed row's JSON image) and after (from the table itself), computed by PostGIS so
    /// that only four numbers a box cross the wire.
    /// </summary>
    private async Task AnnounceAsync(NpgsqlConnection conn, Layer layer, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT c.entity_id, ST_XMin(b.was), ST_YMin(b.was), ST_XMax(b.was), ST_YMax(b.was), ST_XMin(b.now), ST_YMin(b.now), ST_XMax(b.now), ST_YMax(b.now), " +
            $"GREATEST(COALESCE({layer.ReachSql("c.before")}, 0), COALESCE({layer.ReachSql("c.after")}, 0)) " +
            $"FROM change_records c JOIN {layer.Table} t ON t.id = c.entity_id " +
            $"CROSS JOIN LATERAL (SELECT Box2D(CASE WHEN c.before IS NULL THEN NULL ELSE {layer.GeometrySql("c.before")} END) AS was, " +
            $"Box2D({layer.LiveGeometrySql("t")}) AS now) b " +
            "WHERE c.request_id = @job AND c.entity = @layer", conn);
        cmd.Parameters.AddWithValue("job", JobId);
        cmd.Parameters.AddWithValue("layer", layer.Name);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var batch = new List<AssetChange>(10_000);
        while (await r.ReadAsync(ct))
        {
            batch.Add(new AssetChange(layer.Name, r.GetInt64(0), Box(r, 1), Box(r, 5), r.GetDouble(9)));
            if (batch.Count == 10_000)
            {
                changes.Publish(batch);
                batch = new List<AssetChange>(10_000);
            }
        }

        changes.Publish(batch);
    }

    /// <summary>The box in columns <paramref name="first"/> to first + 3 (x min, y min, x max, y max), or null.</summary>
    private static Envelope? Box(NpgsqlDataReader r, int first) => r.IsDBNull(first) ? null
        : new Envelope(r.GetDouble(first), r.GetDouble(first + 2), r.GetDouble(first + 1), r.GetDouble(first + 3));

    private static async Task<TResult> ScalarAsync<TResult>(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (TResult)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task ExecAsync(NpgsqlConnection conn, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Who runs the import is recorded by the connection's session settings (key id, role); the import acts as the carrier.</summary>
    public Actor Actor => actor;
}
