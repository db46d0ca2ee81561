using System.Text;
using Infra.Api.Tests.Writes;
using static Infra.Api.Tests.Imports.ImportClient;

namespace Infra.Api.Tests.Imports;

/// <summary>
/// Imports merge a chunk of rows at a time while the next chunk is validated. With chunks of three rows, a ten-row
/// file is four merges in one transaction: it must load whole, report problems found in any chunk (and codes repeated
/// across chunks), and leave nothing behind when refused, even after earlier chunks were merged.
/// </summary>
public class ChunkedImportTests(PostGis pg)
{
    private static Task<WriteWorld> WorldAsync(PostGis pg) => WriteWorld.CreateAsync(pg, b => b.UseSetting("Infra:ImportChunkRows", "3"));

    /// <summary>Ten valid stations; <paramref name="edit"/> may change a row (1-based) before it is written.</summary>
    private static byte[] Stations(Func<int, string, string>? edit = null)
    {
        var csv = new StringBuilder("code,name,lon,lat,technology,omniRadiusM,commissionedOn\n");
        for (var i = 1; i <= 10; i++)
        {
            var line = $"ch-{i},站{i},{114.00 + (i * 0.01):0.00},32.98,gsm,3000,2005-01-01";
            csv.Append(edit?.Invoke(i, line) ?? line).Append('\n');
        }

        return Utf8(csv.ToString());
    }

    [Fact]
    public async Task A_file_merged_in_chunks_loads_whole_and_loading_it_again_changes_nothing()
    {
        await using var w = await WorldAsync(pg);
        var before = await w.CountsAsync("base_stations");

        var first = (await w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"))).Body.Result();
        Assert.Equal((10, 10, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("created").GetInt32(), first.GetProperty("changed").GetInt32()));
        Assert.Equal((before.Rows + 10, before.Changes + 10), await w.CountsAsync("base_stations"));
        Assert.Equal(10, await w.ScalarAsync("SELECT count(*) FROM base_stations WHERE code LIKE 'ch-%' AND name LIKE '站%'"));

        var again = (await w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"))).Body.Result();
        Assert.Equal((0, 0, 10), (again.GetProperty("created").GetInt32(), again.GetProperty("changed").GetInt32(), again.GetProperty("unchanged").GetInt32()));
        Assert.Equal((before.Rows + 10, before.Changes + 10), await w.CountsAsync("base_stations"));

        var renamed = (await w.ImportAsync("carrier:cmcc", Stations((i, line) => i == 8 ? line.Replace("站8", "改名", StringComparison.Ordinal) : line), "s.csv",
            ("layer", "base-stations"))).Body.Result();
        Assert.Equal((0, 1), (renamed.GetProperty("created").GetInt32(), renamed.GetProperty("changed").GetInt32()));
        Assert.Equal(1, await w.ScalarAsync("SELECT count(*) FROM base_stations WHERE code = 'ch-8' AND name = '改名'"));
    }

    [Fact]
    public async Task Retiring_what_the_file_no_longer_lists_sees_the_codes_of_every_chunk()
    {
        await using var w = await WorldAsync(pg);
        (await w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"))).Body.Result();

        // Rows 9 and 10 left out: of the file's codes only they are retired, though the codes kept span three chunks.
        var shorter = Utf8(string.Join('\n', System.Text.Encoding.UTF8.GetString(Stations()).Split('\n').Where(l => !l.StartsWith("ch-9,", StringComparison.Ordinal) && !l.StartsWith("ch-10,", StringComparison.Ordinal))));
        var result = (await w.ImportAsync("carrier:cmcc", shorter, "s.csv", ("layer", "base-stations"), ("retireMissing", "true"), ("retireOn", "2030-01-01"))).Body.Result();
        // (The carrier's demo stations are not in the file either, so they are retired too.)
        Assert.Equal((8, 0), (result.GetProperty("unchanged").GetInt32(), result.GetProperty("changed").GetInt32()));
        Assert.True(result.GetProperty("retired").GetInt32() >= 2, result.GetRawText());
        Assert.Equal(2, await w.ScalarAsync("SELECT count(*) FROM base_stations WHERE code IN ('ch-9', 'ch-10') AND retired_on = '2030-01-01'"));
        Assert.Equal(0, await w.ScalarAsync("SELECT count(*) FROM base_stations WHERE code LIKE 'ch-%' AND code NOT IN ('ch-9', 'ch-10') AND retired_on IS NOT NULL"));
    }

    [Fact]
    public async Task A_problem_in_a_late_chunk_or_a_code_repeated_across_chunks_leaves_nothing_written()
    {
        await using var w = await WorldAsync(pg);
        var before = await w.CountsAsync("base_stations");

        // Rows 1–6 are merged (two chunks) before row 9's chunk is read; the refusal must undo them.
        var late = (await w.ImportAsync("carrier:cmcc", Stations((i, line) => i == 9 ? line.Replace("gsm", "6G", StringComparison.Ordinal) : line), "s.csv",
            ("layer", "base-stations"))).Body.Refusal();
        Assert.Equal([(9, "technology")], late);
        Assert.Equal(before, await w.CountsAsync("base_stations"));

        // Row 8 repeats row 2's code (another chunk), row 5 repeats row 4's (the same chunk): both are named.
        var repeated = (await w.ImportAsync("carrier:cmcc", Stations((i, line) => i switch
        {
            8 => line.Replace("ch-8,", "ch-2,", StringComparison.Ordinal),
            5 => line.Replace("ch-5,", "ch-4,", StringComparison.Ordinal),
            _ => line,
        }), "s.csv", ("layer", "base-stations"))).Body.Refusal();
        Assert.Equal([(8, "code"), (5, "code")], repeated);
        Assert.Equal(before, await w.CountsAsync("base_stations"));

        var dry = (await w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"), ("dryRun", "true"))).Body.Result();
        Assert.Equal(10, dry.GetProperty("created").GetInt32());
        Assert.Equal(before, await w.CountsAsync("base_stations"));
    }

    [Fact]
    public async Task Staging_tables_are_dropped_when_an_import_ends_and_a_dead_imports_by_the_next()
    {
        await using var w = await WorldAsync(pg);
        var ct = TestContext.Current.CancellationToken;
        const string Staged = "SELECT string_agg(relname, ',' ORDER BY relname) FROM pg_class WHERE relnamespace = 'import_staging'::regnamespace";

        // Two imports' leftovers: one whose process died (no session holds its lock), one still running (this session holds it).
        await using var running = new Npgsql.NpgsqlConnection(w.ConnectionString);
        await running.OpenAsync(ct);
        await using (var leftovers = new Npgsql.NpgsqlCommand("""
            CREATE TABLE import_staging.jdead_0 (row_no int); CREATE TABLE import_staging.jdead_1 (row_no int);
            CREATE TABLE import_staging.jrunning_0 (row_no int);
            SELECT pg_advisory_lock(hashtext('infra import jrunning'));
            """, running))
        {
            await leftovers.ExecuteNonQueryAsync(ct);
        }

        // Loaded (four chunks), refused after two chunks were merged, and a dry run: each leaves no table of its own.
        (await w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"))).Body.Result();
        Assert.Equal("jrunning_0", await StagedAsync());
        Assert.Equal([(9, "technology")], (await w.ImportAsync("carrier:cmcc", Stations((i, line) => i == 9 ? line.Replace("gsm", "6G", StringComparison.Ordinal) : line),
            "s.csv", ("layer", "base-stations"))).Body.Refusal());
        (await w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"), ("dryRun", "true"))).Body.Result();
        Assert.Equal("jrunning_0", await StagedAsync());

        async Task<string?> StagedAsync()
        {
            await using var cmd = new Npgsql.NpgsqlCommand(Staged, running);
            return await cmd.ExecuteScalarAsync(ct) as string;
        }
    }

    [Fact]
    public async Task A_code_another_writer_creates_during_a_first_load_is_merged_not_refused()
    {
        await using var w = await WorldAsync(pg);
        var ct = TestContext.Current.CancellationToken;

        // Another writer creates ch-5 and has not committed: the import's check cannot see it, so the chunk goes in by
        // plain INSERT, which waits on the unique key; when the writer commits, the insert fails, is undone to its
        // savepoint, and the chunk is merged instead.
        await using var other = new Npgsql.NpgsqlConnection(w.ConnectionString);
        await other.OpenAsync(ct);
        await using var tx = await other.BeginTransactionAsync(ct);
        await using (var insert = new Npgsql.NpgsqlCommand("""
            SELECT set_config('infra.role', 'system', true);
            INSERT INTO base_stations (carrier_id, code, name, commissioned_on, location, technology, omni_radius_m, sectors, antenna_height_m)
            SELECT id, 'ch-5', 'other', '2004-01-01', 'SRID=4326;POINT(114.05 32.98)', 'Gsm', 2000, '[]', 30 FROM carriers WHERE code = 'cmcc'
            """, other, tx))
        {
            await insert.ExecuteNonQueryAsync(ct);
        }

        var import = w.ImportAsync("carrier:cmcc", Stations(), "s.csv", ("layer", "base-stations"));
        await using var watch = new Npgsql.NpgsqlConnection(w.ConnectionString);
        await watch.OpenAsync(ct);
        for (var waited = 0; ; waited++)
        {
            await using var blocked = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO base_stations %'", watch);
            if ((long)(await blocked.ExecuteScalarAsync(ct))! > 0)
            {
                break;
            }

            Assert.True(waited < 600, "the import's insert never waited on the other writer's row");
            await Task.Delay(50, ct);
        }

        await tx.CommitAsync(ct);
        var result = (await import).Body.Result();
        Assert.Equal((9, 1), (result.GetProperty("created").GetInt32(), result.GetProperty("changed").GetInt32()));
        Assert.Equal(1, await w.ScalarAsync("SELECT count(*) FROM base_stations WHERE code = 'ch-5' AND name = '站5'"));
    }

    [Fact]
    public async Task Unknown_villages_are_named_in_whichever_chunk_they_are()
    {
        await using var w = await WorldAsync(pg);
        var village = (await w.Anonymous.GetJsonAsync("/api/villages?kind=admin&limit=1")).GetProperty("features")[0].GetProperty("id").GetString();
        // Filings have no geometry, so their CSV needs no geometry columns.
        byte[] Filings(Func<int, string> villageOfRow)
        {
            var csv = new StringBuilder("code,villageCode,service,technology,maxDownMbps,validFrom\n");
            for (var i = 1; i <= 8; i++)
            {
                csv.Append($"sf-{i},{villageOfRow(i)},broadband,ADSL,2,2006-01-01\n");
            }

            return Utf8(csv.ToString());
        }

        var before = await w.CountsAsync("service_filings");
        var errors = (await w.ImportAsync("carrier:cmcc", Filings(i => i is 2 or 7 ? "000000000000" : village!), "f.csv", ("layer", "service-filings"))).Body.Refusal();
        Assert.Equal([(2, "villageCode"), (7, "villageCode")], errors);
        Assert.Equal(before, await w.CountsAsync("service_filings"));

        var loaded = (await w.ImportAsync("carrier:cmcc", Filings(_ => village!), "f.csv", ("layer", "service-filings"))).Body.Result();
        Assert.Equal(8, loaded.GetProperty("created").GetInt32());
        Assert.Equal(before.Rows + 8, (await w.CountsAsync("service_filings")).Rows);
    }
}
