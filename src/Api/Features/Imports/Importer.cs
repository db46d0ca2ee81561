using System.Globalization;
using Infra.Api.Data;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Infra.Api.Features.Imports;

/// <summary>
/// A bulk import, all or nothing, in one transaction: rows stream from the file through the CRS conversion
/// and the domain constructors (every invariant, the region check) straight into a binary COPY to a
/// temporary staging table — memory does not grow with the file. Then set-based SQL finds duplicate codes
/// and unknown villages, and one INSERT … ON CONFLICT (carrier_id, code) DO UPDATE merges by the carrier's
/// own codes, touching only rows that differ (so re-importing an export changes nothing). The history
/// triggers record every created and changed row in the same transaction. A dry run does all of it and
/// rolls back. The session is the key's (a carrier key's session may write only that carrier's rows:
/// row-level security refuses any other whatever the code above does).
/// </summary>
public sealed class Importer(InfraDb db, RegionBounds region, AssetChanges changes, TimeProvider clock, Actor actor)
{
    /// <summary>Bad rows reported in full up to this many; past it the import still fails, and says how many more there were.</summary>
    public const int MaxReportedErrors = 100_000;

    public ImportProgress Progress { get; } = new();

    public string JobId { get; set; } = Guid.NewGuid().ToString("N");

    public async Task<ImportResult> RunAsync(ImportRequest request, CancellationToken ct)
    {
        var carrier = await db.Carriers.AsNoTracking().SingleOrDefaultAsync(c => c.Code == request.Carrier, ct)
            ?? throw new ImportFailed([new FieldError("carrier", $"Unknown carrier '{request.Carrier}'. Known: {string.Join(", ", await db.Carriers.OrderBy(c => c.Id).Select(c => c.Code).ToListAsync(ct))}.")]);
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

        var area = await region.GetAsync(db, ct);
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            await ExecAsync(conn, "SELECT set_config('infra.action', 'import', true), set_config('infra.request_id', @job, true), set_config('infra.now', @now, true)", ct,
                ("job", JobId), ("now", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
            await ExecAsync(conn, $"CREATE TEMP TABLE import_staging ON COMMIT DROP AS SELECT 0::int AS row_no, {layer.Columns} FROM {layer.Table} WITH NO DATA", ct);
            Lap("open");

            Progress.Phase = "validating";
            var errors = new List<FieldError>();
            var extra = 0;
            var staged = 0L;
            var copy = await conn.BeginBinaryImportAsync($"COPY import_staging (row_no, {layer.Columns}) FROM STDIN (FORMAT BINARY)", ct);
            try
            {
                await using var pipeline = new ValidationPipeline<T>(plan.Rows, row =>
                {
                    Progress.Read();
                    return Validate(layer, plan, row, area, carrierId);
                }, ct);
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
                        }
                    }
                }

                if (errors.Count == 0)
                {
                    await copy.CompleteAsync(ct);
                }
            }
            catch (ImportFileException e)
            {
                errors.Add(new FieldError(e.Field, e.Message, e.Row));
            }
            finally
            {
                await copy.DisposeAsync();
            }

            Lap("validate");
            if (errors.Count == 0)
            {
                errors.AddRange(await SetChecksAsync(conn, layer, ct));
                Lap("check");
            }

            if (errors.Count > 0)
            {
                if (extra > 0)
                {
                    errors.Add(new FieldError("file", $"…and {extra} more problems not listed."));
                }

                throw new ImportFailed(errors);
            }

            Progress.Phase = "merging";
            var (created, changed) = await MergeAsync(conn, layer, ct);
            Progress.Written(created + changed);
            Lap("merge");
            var (retired, notRetired) = plan.Request.RetireMissing ? await RetireMissingAsync(conn, layer, carrierId, plan, ct) : (0, 0);
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
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
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

    /// <summary>Checks that need the whole file, done set-based on the staging table.</summary>
    private static async Task<List<FieldError>> SetChecksAsync(NpgsqlConnection conn, Layer layer, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        await using (var dup = new NpgsqlCommand(
            "SELECT code, array_agg(row_no ORDER BY row_no) FROM import_staging GROUP BY code HAVING count(*) > 1 ORDER BY min(row_no) LIMIT 10000", conn))
        await using (var r = await dup.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var rows = r.GetFieldValue<int[]>(1);
                errors.AddRange(rows.Skip(1).Select(row => new FieldError("code", $"Code '{r.GetString(0)}' is also on row {rows[0]}: codes are unique per carrier.", row)));
            }
        }

        if (layer is ServiceFilingLayer)
        {
            await using var villages = new NpgsqlCommand(
                "SELECT row_no, village_code FROM import_staging s WHERE NOT EXISTS (SELECT 1 FROM villages v WHERE v.code = s.village_code) ORDER BY row_no LIMIT 10000", conn);
            await using var r = await villages.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                errors.Add(new FieldError("villageCode", $"There is no village '{r.GetString(1)}' in the region.", r.GetInt32(0)));
            }
        }

        return errors;
    }

    /// <summary>
    /// The merge. Rows go in spatial order (PostGIS sorts geometries along a Hilbert curve), so consecutive inserts
    /// touch neighbouring GiST pages: on 1 M stations this is the difference between cache hits and random I/O.
    /// </summary>
    private static async Task<(long Created, long Changed)> MergeAsync(NpgsqlConnection conn, Layer layer, CancellationToken ct)
    {
        var set = layer.MergeColumns.Split(", ").Where(c => c is not "carrier_id" and not "code").ToList();
        var sql = $"""
            WITH m AS (
              INSERT INTO {layer.Table} AS t ({layer.Columns})
              SELECT {layer.Columns} FROM import_staging ORDER BY {layer.GeometryColumn ?? "row_no"}
              ON CONFLICT (carrier_id, code) DO UPDATE SET {string.Join(", ", set.Select(c => $"{c} = EXCLUDED.{c}"))}, withdrawn_at = NULL, withdrawn_reason = NULL
              WHERE ({string.Join(", ", set.Select(c => "t." + c))}) IS DISTINCT FROM ({string.Join(", ", set.Select(c => "EXCLUDED." + c))})
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
        CancellationToken ct)
    {
        var day = plan.Request.RetireOn ?? DateOnly.FromDateTime(DateTime.UtcNow);
        var missing = $"t.carrier_id = @carrier AND t.withdrawn_at IS NULL AND NOT EXISTS (SELECT 1 FROM import_staging s WHERE s.code = t.code)";
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
    /// After commit: tells the caches what the import changed, in batches, from the history it wrote. The new geometry
    /// comes from the table itself; only a changed row's old geometry is parsed back from its JSON image.
    /// </summary>
    private async Task AnnounceAsync(NpgsqlConnection conn, Layer layer, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            $"SELECT c.entity_id, CASE WHEN c.before IS NULL THEN NULL ELSE {layer.GeometrySql("c.before")} END, {layer.LiveGeometrySql("t")}, " +
            $"GREATEST(COALESCE({layer.ReachSql("c.before")}, 0), COALESCE({layer.ReachSql("c.after")}, 0)) " +
            $"FROM change_records c JOIN {layer.Table} t ON t.id = c.entity_id WHERE c.request_id = @job AND c.entity = @layer", conn);
        cmd.Parameters.AddWithValue("job", JobId);
        cmd.Parameters.AddWithValue("layer", layer.Name);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var batch = new List<AssetChange>(10_000);
        while (await r.ReadAsync(ct))
        {
            batch.Add(new AssetChange(layer.Name, r.GetInt64(0), r.IsDBNull(1) ? null : r.GetFieldValue<Geometry>(1),
                r.IsDBNull(2) ? null : r.GetFieldValue<Geometry>(2), r.GetDouble(3)));
            if (batch.Count == 10_000)
            {
                changes.Publish(batch);
                batch = new List<AssetChange>(10_000);
            }
        }

        changes.Publish(batch);
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
