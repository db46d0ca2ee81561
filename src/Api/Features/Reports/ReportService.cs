using System.IO.Pipelines;
using System.Text;
using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Http;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Infra.Api.Features.Reports;

/// <summary>The unserved-villages report's parameters as they arrive (query string or CLI options), before checking.</summary>
public sealed record UnservedParams(string? Service, string? Level, string? County, string? Township, string? AsOf, string? Format, string? Lang, string? Bom);

/// <summary>Why a report cannot be made: the HTTP status, and for bad input every field at fault.</summary>
public sealed record ReportProblem(int Status, string Title, string Detail, IReadOnlyList<FieldError>? Errors = null)
{
    public static ReportProblem Invalid(IReadOnlyList<FieldError> errors) => new(StatusCodes.Status400BadRequest, "The request is not valid.",
        string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")), errors);
}

/// <summary>A report ready to write: checked, its data fixed, its rows still to be produced.</summary>
public sealed record PreparedReport(string FileName, ReportFormat Format, ReportHeader Header, Func<Stream, CancellationToken, Task> WriteAsync)
{
    public string ContentType => ReportFormats.ContentType(Format);
}

/// <summary>
/// Makes the reports, for the API and the CLI alike (one code path): checks the request, fixes the data
/// (coverage on the date, the data set's demo mark), then writes the chosen format straight into a stream.
/// </summary>
public sealed partial class ReportService(CoverageService coverage, IServiceScopeFactory scopes, ChromiumPdf chromium, IOptions<ReportOptions> options,
    TimeProvider clock, IReportMap? map = null)
{
    public static IReadOnlyList<ReportFormat> UnservedFormats { get; } = Enum.GetValues<ReportFormat>();

    public async Task<(PreparedReport? Report, ReportProblem? Problem)> PrepareUnservedAsync(UnservedParams p, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var service = ParseService(p.Service, errors);
        VillageKind? kind = p.Level?.ToLowerInvariant() switch
        {
            null or "admin" or "administrative" => VillageKind.Administrative,
            "natural" => VillageKind.Natural,
            _ => null,
        };
        if (kind is null)
        {
            errors.Add(new FieldError("level", $"'{p.Level}' is not one of admin (行政村, the default), natural (自然村)."));
        }

        var day = CoverageApi.ParseAsOf(p.AsOf, clock, errors);
        var format = ReportFormats.Parse(p.Format, UnservedFormats, errors);
        var language = ReportFormats.ParseLanguage(p.Lang, errors);
        var bom = ParseBool(p.Bom, "bom", errors);
        var network = await coverage.NetworkAsync().WaitAsync(ct);
        CheckRegions(network, p.County, p.Township, errors);
        if (errors.Count > 0)
        {
            return (null, ReportProblem.Invalid(errors));
        }

        var query = new UnservedQuery(service!.Value, kind!.Value, p.County, p.Township, day, format!.Value, language!.Value, bom);
        if (query.Format == ReportFormat.Pdf && Unavailable() is { } missing)
        {
            return (null, missing);
        }

        var text = new ReportText(query.Language);
        var header = await HeaderAsync(ct);
        var snapshot = await coverage.GetAsync(day, ct);
        var (city, cityEn) = network.CityName(snapshot.Summary.City.Code);
        var report = UnservedReport.Build(query, header, snapshot, network, text[city, cityEn]);
        if (query.Format == ReportFormat.Pdf && report.Total.Unserved > options.Value.MaxPdfRows)
        {
            return (null, new ReportProblem(StatusCodes.Status413PayloadTooLarge, "The report is too large to print.",
                $"{report.Total.Unserved:N0} villages are more than a PDF may hold ({options.Value.MaxPdfRows:N0}, Infra:Reports:MaxPdfRows). "
                + "Narrow it with county= or township=, or download it as xlsx, csv, geojson or gpkg.",
                [new FieldError("format", "Too many villages for a PDF; choose a county or a data format.")]));
        }

        return (new PreparedReport(query.FileName, query.Format, header, (output, token) => query.Format switch
        {
            ReportFormat.Html => WriteHtmlAsync(output, html => UnservedHtml.WriteAsync(report, text, map, html, token), token),
            ReportFormat.Pdf => PrintAsync(output, html => UnservedHtml.WriteAsync(report, text, map, html, token), token),
            ReportFormat.Xlsx => ThroughPipeAsync(output, stream => UnservedTables.WriteXlsxAsync(report, text, stream, token), token),
            ReportFormat.Csv => UnservedTables.WriteCsvAsync(report, output, token),
            ReportFormat.GeoJson => UnservedGeo.WriteGeoJsonAsync(report, output, token),
            _ => ViaFileAsync(output, "gpkg", path => UnservedGeo.WriteGpkgAsync(report, path, token), token),
        }), null);
    }

    /// <summary>The data set loaded (its name, and whether it is the generated demo data) and the time of writing.</summary>
    internal async Task<ReportHeader> HeaderAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
        var set = await db.DataSets.AsNoTracking().OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
        return new ReportHeader(set?.Name ?? "—", set?.IsDemo ?? false, clock.GetUtcNow());
    }

    /// <summary>503 naming the Debian package when there is no Chromium to print with.</summary>
    internal ReportProblem? Unavailable() => chromium.Available ? null : new ReportProblem(StatusCodes.Status503ServiceUnavailable,
        "PDF printing is not available.",
        $"PDF reports are printed by headless Chromium, which is not installed at {chromium.ExecutablePath}. Install the Debian package "
        + $"'{ChromiumPdf.DebianPackage}' (apt-get install {ChromiumPdf.DebianPackage}) or set Infra:Reports:ChromiumPath. Every other format works without it.",
        [new FieldError("format", $"pdf needs the Debian package '{ChromiumPdf.DebianPackage}'.")]);

    internal static async Task WriteHtmlAsync(Stream output, Func<TextWriter, Task> write, CancellationToken ct)
    {
        await using var html = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        await write(html);
        await html.FlushAsync(ct);
    }

    /// <summary>Writes the HTML to a file, prints it with Chromium, and copies the PDF out.</summary>
    internal Task PrintAsync(Stream output, Func<TextWriter, Task> write, CancellationToken ct) => ViaFileAsync(output, "pdf", async pdf =>
    {
        var htmlPath = Path.ChangeExtension(pdf, ".html");
        await using (var file = File.Create(htmlPath))
        {
            await WriteHtmlAsync(file, write, ct);
        }

        await chromium.PrintAsync(htmlPath, pdf, ct);
    }, ct);

    /// <summary>
    /// For writers that also write synchronously (the XLSX zip's central directory), which Kestrel refuses: the
    /// writer runs on a worker into a pipe, and the pipe is copied into the output asynchronously. The pipe
    /// holds at most a megabyte, so the file is still streamed, not held.
    /// </summary>
    internal static async Task ThroughPipeAsync(Stream output, Func<Stream, Task> write, CancellationToken ct)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19));
        var producer = Task.Run(async () =>
        {
            try
            {
                await using (var stream = pipe.Writer.AsStream(leaveOpen: true))
                {
                    await write(stream);
                }

                await pipe.Writer.CompleteAsync();
            }
            catch (Exception e)
            {
                await pipe.Writer.CompleteAsync(e);
                throw;
            }
        }, ct);
        try
        {
            await pipe.Reader.CopyToAsync(output, ct);
            await pipe.Reader.CompleteAsync();
        }
        catch (Exception e)
        {
            // The reader gave up (the client went away): let the writer stop rather than block on a full pipe.
            await pipe.Reader.CompleteAsync(e);
            await producer.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }

        await producer;
    }

    /// <summary>For writers that need a file (SQLite, Chromium): a private temporary folder, removed afterwards.</summary>
    internal static async Task ViaFileAsync(Stream output, string extension, Func<string, Task> write, CancellationToken ct)
    {
        var folder = Directory.CreateTempSubdirectory("infra-report-");
        try
        {
            var path = Path.Combine(folder.FullName, "report." + extension);
            await write(path);
            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            await file.CopyToAsync(output, ct);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    internal static bool ParseBool(string? text, string field, List<FieldError> errors)
    {
        switch (text?.ToLowerInvariant())
        {
            case null or "false" or "0" or "no":
                return false;
            case "" or "true" or "1" or "yes":
                return true;
            default:
                errors.Add(new FieldError(field, $"'{text}' is not true or false."));
                return false;
        }
    }

    private static Service? ParseService(string? text, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new FieldError("service", "service is required: mobile, broadband, phone, cable_tv, radio or tv."));
            return null;
        }

        var service = WireNames.Parse<Service>(text, "service", errors);
        if (service == Service.IpBackbone)
        {
            errors.Add(new FieldError("service", "ip_backbone is a township service; the report lists villages: mobile, broadband, phone, cable_tv, radio or tv."));
            return null;
        }

        return service;
    }

    private static void CheckRegions(NetworkSnapshot network, string? county, string? township, List<FieldError> errors)
    {
        if (county is not null && !network.Counties.Any(c => c.Code == county))
        {
            errors.Add(new FieldError("county", RegionCodes.IsCounty(county)
                ? $"There is no county {county}. Known: {string.Join(", ", network.Counties.Select(c => $"{c.Code} {c.Name}"))}."
                : "county is a 6-digit county code (e.g. 411729)."));
        }

        if (township is null)
        {
            return;
        }

        if (!network.TownshipsByCode.TryGetValue(township, out var t))
        {
            errors.Add(new FieldError("township", RegionCodes.IsTownship(township)
                ? $"There is no township {township}; /api/townships lists them." : "township is a 9-digit township code (e.g. 411729100)."));
        }
        else if (county is not null && t.CountyCode != county)
        {
            errors.Add(new FieldError("township", $"Township {township} ({t.Name}) is not in county {county}."));
        }
    }
}
