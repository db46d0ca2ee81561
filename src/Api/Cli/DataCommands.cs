using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Infra.Api.Features.Exports;
using Infra.Api.Features.Imports;
using Infra.Api.Features.Writes;
using Infra.Api.Hosting;
using Microsoft.Extensions.Options;

namespace Infra.Api.Cli;

/// <summary><c>./infra import</c> and <c>./infra export</c>: the same importer and exporter as the API, in-process.</summary>
public static class DataCommands
{
    public static Command Import(string[] args)
    {
        var file = new Argument<FileInfo>("file") { Description = "GeoJSON, CSV, zipped shapefile, GeoPackage, OpenCelliD CSV or OFDS file" };
        var carrier = new Option<string>("--carrier") { Description = "code of the carrier whose records the file holds (cmcc, cu, ct, cnc, crc, catv)", Required = true };
        var layer = new Option<string?>("--layer") { Description = $"{string.Join(" | ", Layer.All.Select(l => l.Name))} (implied by OpenCelliD, OFDS and line geometries)" };
        var format = new Option<string?>("--format") { Description = $"{ImportPlan.Formats} (default: from the file name and header)" };
        var crs = new Option<string?>("--crs") { Description = Crs.Known };
        var encoding = new Option<string?>("--encoding") { Description = "utf-8 (default) | gbk, for CSV and DBF text" };
        var dryRun = new Option<bool>("--dry-run") { Description = "validate and report what would be created, changed and retired; write nothing" };
        var retireMissing = new Option<bool>("--retire-missing") { Description = "retire the carrier's records of this layer that the file no longer lists" };
        var retireOn = new Option<string?>("--retire-on") { Description = "retirement date for --retire-missing (default today)" };
        var lifecycleDate = new Option<string?>("--lifecycle-date") { Description = "date recorded for rows whose format carries none (OFDS status; default today)" };
        var command = new Command("import", "Import a file of one carrier's records: all or nothing, upserted by the carrier's codes.")
        {
            file, carrier, layer, format, crs, encoding, dryRun, retireMissing, retireOn, lifecycleDate,
        };
        command.SetAction((parse, ct) => InfraCli.WithDatabaseAsync(args, loadDemo: false, async (sp, token) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                await Console.Error.WriteLineAsync($"error: file: {path.FullName} {(Directory.Exists(path.FullName) ? "is a directory: give the file (a shapefile as a .zip of its parts)" : "does not exist")}.");
                return 2;
            }

            var limitMb = sp.GetRequiredService<IOptions<InfraOptions>>().Value.ImportMaxSizeMb;
            if (path.Length > (long)limitMb << 20)
            {
                await Console.Error.WriteLineAsync($"error: file: larger than the limit of {limitMb} MB (Infra__ImportMaxSizeMb).");
                return 2;
            }

            var request = new ImportRequest(path.FullName, path.Name, parse.GetValue(carrier)!, parse.GetValue(layer), parse.GetValue(format), parse.GetValue(crs),
                parse.GetValue(encoding), parse.GetValue(dryRun), parse.GetValue(retireMissing), Date(parse.GetValue(retireOn)), Date(parse.GetValue(lifecycleDate)));
            var importer = sp.GetRequiredService<Importer>();
            // Process start to here: runtime, host, migration check (measured so the benchmark can tell it from the import).
            var startup = DateTime.Now - Process.GetCurrentProcess().StartTime;
            using var bar = new ProgressBar(importer.Progress, path.Length);
            try
            {
                var result = await importer.RunAsync(request, token);
                bar.Stop();
                Console.WriteLine($"{(result.DryRun ? "Dry run (nothing written): would have" : "Imported")} {result.Rows:N0} {result.Layer} rows for {result.Carrier} " +
                    $"({result.Format}, {result.Crs}): {result.Created:N0} created, {result.Changed:N0} changed, {result.Unchanged:N0} unchanged, {result.Retired:N0} retired.");
                if (result.Seconds is { Count: > 0 } phases)
                {
                    Console.WriteLine($"time: start-up {startup.TotalSeconds:0.0} s, {string.Join(", ", phases.Select(p => $"{p.Key} {p.Value:0.0} s"))}");
                }

                foreach (var note in result.Notes)
                {
                    Console.WriteLine($"note: {note}");
                }

                return 0;
            }
            catch (ImportFailed e)
            {
                bar.Stop();
                await Console.Error.WriteLineAsync($"Import refused, nothing was written: {e.Errors.Count} problem(s).");
                foreach (var error in e.Errors)
                {
                    await Console.Error.WriteLineAsync($"  {(error.Row is { } r ? $"row {r}: " : "")}{error.Field}: {error.Message}");
                }

                return 1;
            }
        }, ct));
        return command;
    }

    public static Command Export(string[] args)
    {
        var layer = new Argument<string>("layer") { Description = string.Join(" | ", Layer.All.Select(l => l.Name)) };
        var format = new Option<string>("--format") { Description = "geojson (default) | csv | gpkg", DefaultValueFactory = _ => "geojson" };
        var carrier = new Option<string?>("--carrier") { Description = "only this carrier's records" };
        var output = new Option<FileInfo?>("--out") { Description = "file to write (default: <layer>.<format> here)" };
        var command = new Command("export", "Export a layer as GeoJSON, CSV (WKT) or GeoPackage; the file imports back unchanged.") { layer, format, carrier, output };
        command.SetAction((parse, ct) => InfraCli.WithDatabaseAsync(args, loadDemo: false, async (sp, token) =>
        {
            var target = Layer.Find(parse.GetValue(layer));
            var f = parse.GetValue(format)!.ToLowerInvariant();
            if (target is null || !Exporter.Formats.Contains(f))
            {
                await Console.Error.WriteLineAsync($"error: layer must be one of {string.Join(", ", Layer.All.Select(l => l.Name))}; format one of {string.Join(", ", Exporter.Formats)}.");
                return 2;
            }

            var exporter = sp.GetRequiredService<Exporter>();
            var code = parse.GetValue(carrier);
            var carrierId = code is null ? null : await exporter.CarrierIdAsync(code, token);
            if (code is not null && carrierId is null)
            {
                await Console.Error.WriteLineAsync($"error: carrier: unknown carrier '{code}'.");
                return 2;
            }

            var path = parse.GetValue(output)?.FullName ?? Path.GetFullPath($"{target.Name}.{f}");
            if (await OutputFile.WriteAsync(path, stream => exporter.WriteAsync(target, new ExportQuery(f, carrierId, null, null), stream, token)) is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}");
                return 2;
            }

            Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length:N0} bytes).");
            return 0;
        }, ct));
        return command;
    }

    private static DateOnly? Date(string? text) => text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d
        : throw new Domain.DomainException("date", $"'{text}' is not a date (YYYY-MM-DD).");

    /// <summary>
    /// A one-line progress display on stderr, redrawn five times a second. Hand-written (30 lines) rather than
    /// Spectre.Console: it must also behave when stderr is a file or CI log (then it prints a line every 5 s).
    /// </summary>
    private sealed class ProgressBar : IDisposable
    {
        private readonly ImportProgress _progress;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _task;
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public ProgressBar(ImportProgress progress, long bytes)
        {
            _progress = progress;
            var interactive = !Console.IsErrorRedirected;
            _task = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(interactive ? 200 : 5000, _stop.Token);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    Draw(interactive, bytes);
                }
            });
        }

        private void Draw(bool interactive, long bytes)
        {
            var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
            var line = $"[{_progress.Phase}] read {_progress.RowsRead:N0} · valid {_progress.RowsValidated:N0} · written {_progress.RowsWritten:N0} · " +
                $"{_progress.RowsRead / seconds:N0} rows/s · {seconds:N0} s ({bytes / 1048576.0:N1} MB file)";
            Console.Error.Write(interactive ? $"\r{line,-110}" : line + Environment.NewLine);
        }

        public void Stop()
        {
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
                _task.Wait();
                Draw(!Console.IsErrorRedirected, 0);
                Console.Error.WriteLine();
            }
        }

        public void Dispose()
        {
            Stop();
            _stop.Dispose();
        }
    }
}
