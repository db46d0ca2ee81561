using System.Text;
using CsvHelper;
using Infra.Api.Data;
using Infra.Api.Features.Plans;
using Infra.Api.Http;
using Infra.Domain.Plans;
using Microsoft.EntityFrameworkCore;
using SpreadCheetah;

namespace Infra.Api.Features.Reports;

/// <summary>The plan-progress report's parameters as they arrive (query string or CLI options).</summary>
public sealed record PlanProgressParams(string? Plan, string? AsOf, string? Format, string? Lang, string? Bom);

/// <summary>
/// A plan's progress on a date: every target with exactly the figures of <c>/api/plans/{id}/progress</c>
/// (<see cref="PlanProgressApi.EvaluateAsync"/>), by county and by year.
/// </summary>
public sealed record PlanProgressReport(Plan Plan, DateOnly AsOf, ReportHeader Header, IReadOnlyList<TargetProgressDto> Targets,
    IReadOnlyList<(string Code, string Name)> Counties, string CityName, ReportLanguage Language, bool Bom)
{
    public string FileName(ReportFormat format) => $"plan-progress-{Plan.Code}-{AsOf:yyyy-MM-dd}.{ReportFormats.Extension(format)}";

    public string Title(ReportText text) => text[$"{Plan.Name}目标进度报告", $"{(Plan.NameEn.Length > 0 ? Plan.NameEn : Plan.Name)}: progress report"];

    public string TargetName(TargetProgressDto t, ReportText text) => text.Chinese || t.NameEn.Length == 0 ? t.Name : t.NameEn;

    public static string Unit(TargetProgressDto t, ReportText text) => t.Unit == "%" ? "%" : text.Word(t.Unit);

    /// <summary>Long form, one value per row: the city on the date, each county on the date, and the city at each year's end.</summary>
    public async Task WriteCsvAsync(Stream output, CancellationToken ct)
    {
        await using var csv = UnservedTables.Csv(output, Bom);
        string[] header = ["target_code", "target", "target_en", "metric", "unit", "goal", "period_start", "period_end", "scope", "region_code", "region",
            "date", "value", "percent_achieved", "met", "projection_status", "projection_date", "pace_per_year"];
        foreach (var h in Header.IsDemo ? header.Append("data_notice") : header)
        {
            csv.WriteField(h);
        }

        await csv.EndRecordAsync(ct);
        foreach (var t in Targets)
        {
            await RowAsync(csv, t, "city", Plan.RegionCode, CityName, AsOf, t.Value, true, ct);
            foreach (var c in t.ByCounty)
            {
                await RowAsync(csv, t, "county", c.Code, c.Name, AsOf, c.Value, false, ct);
            }

            foreach (var point in t.Series.Where(s => s.Date != AsOf))
            {
                await RowAsync(csv, t, "year_end", Plan.RegionCode, CityName, point.Date, point.Value, false, ct);
            }
        }

        await csv.FlushAsync(ct);
    }

    private async Task RowAsync(CsvWriter csv, TargetProgressDto t, string scope, string code, string region, DateOnly date, double value, bool city, CancellationToken ct)
    {
        object?[] fields =
        [
            t.Code, t.Name, t.NameEn, t.Metric, t.Unit, t.Goal, t.PeriodStart, t.PeriodEnd, scope, code, region, date, value,
            city ? t.PercentAchieved : null, city ? t.Met : null, city ? t.Projection.Status : null, city ? t.Projection.Date : null,
            city ? t.Projection.PacePerYear : null,
        ];
        foreach (var f in fields)
        {
            csv.WriteField(f is bool b ? (b ? "true" : "false") : UnservedTables.Text(f));
        }

        if (Header.IsDemo)
        {
            csv.WriteField(UnservedTables.DemoNotice);
        }

        await csv.EndRecordAsync(ct);
    }

    /// <summary>A summary sheet (every target on the date), a sheet of values by year, and one sheet per county.</summary>
    public async Task WriteXlsxAsync(Stream output, CancellationToken ct)
    {
        var text = new ReportText(Language);
        var title = Title(text);
        var (sheet, styles) = await ReportXlsx.CreateAsync(output, title, ct);
        await using (sheet)
        {
            string[] headers =
            [
                text["目标代码", "Code"], text["目标", "Target"], text["单位", "Unit"], text["目标值", "Goal"], text["当前值", "Value"],
                text["完成率", "Achieved"], text["是否完成", "Met"], text["预测", "Projection"], text["预计完成日期", "Projected date"],
                text["近12个月进度(每年)", "Pace per year"], text["期限", "Period end"], text["规划原文", "Plan text"],
            ];
            await styles.StartSheetAsync(text["汇总", "Summary"], headers, [22, 20, 10, 12, 12, 10, 9, 16, 14, 14, 12, 30], 4, Targets.Count, ct);
            await TitleRowsAsync(sheet, styles, text, title);
            await sheet.AddRowAsync(headers.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
            foreach (var t in Targets)
            {
                await sheet.AddRowAsync(
                [
                    new Cell(t.Code), new Cell(TargetName(t, text)), new Cell(Unit(t, text)), new Cell(t.Goal, styles.Real), new Cell(t.Value, styles.Real),
                    new Cell(t.PercentAchieved / 100, styles.Percent), new Cell(t.Met), new Cell(text.Word(t.Projection.Status)),
                    styles.Value(t.Projection.Date, ColumnType.Date), new Cell(t.Projection.PacePerYear, styles.Real), styles.Value(t.PeriodEnd, ColumnType.Date),
                    new Cell(t.PlanText ?? ""),
                ], ct);
            }

            var dates = Targets.SelectMany(t => t.Series.Select(s => s.Date)).Distinct().Order().ToList();
            string[] yearHeaders = [text["目标", "Target"], text["单位", "Unit"], .. dates.Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))];
            await styles.StartSheetAsync(text["按年", "By year"], yearHeaders, [20, 10, .. dates.Select(_ => 12.0)], 4, Targets.Count, ct);
            await TitleRowsAsync(sheet, styles, text, title);
            await sheet.AddRowAsync(yearHeaders.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
            foreach (var t in Targets)
            {
                await sheet.AddRowAsync([new Cell(TargetName(t, text)), new Cell(Unit(t, text)),
                    .. dates.Select(d => t.Series.FirstOrDefault(s => s.Date == d) is { } p ? new Cell(p.Value, styles.Real) : new Cell())], ct);
            }

            string[] countyHeaders = [text["目标代码", "Code"], text["目标", "Target"], text["单位", "Unit"], text["本县区值", "Value in the county"], text["全市值", "City value"], text["全市目标", "City goal"]];
            foreach (var (code, name) in Counties)
            {
                await styles.StartSheetAsync($"{code} {name}", countyHeaders, [22, 20, 10, 14, 14, 12], 4, Targets.Count, ct);
                await TitleRowsAsync(sheet, styles, text, $"{name} — {title}");
                await sheet.AddRowAsync(countyHeaders.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
                foreach (var t in Targets)
                {
                    var value = t.ByCounty.FirstOrDefault(c => c.Code == code);
                    await sheet.AddRowAsync([new Cell(t.Code), new Cell(TargetName(t, text)), new Cell(Unit(t, text)),
                        value is null ? new Cell() : new Cell(value.Value, styles.Real), new Cell(t.Value, styles.Real), new Cell(t.Goal, styles.Real)], ct);
                }
            }

            await sheet.FinishAsync(ct);
        }
    }

    private async Task TitleRowsAsync(Spreadsheet sheet, ReportXlsx styles, ReportText text, string title)
    {
        await sheet.AddRowAsync([new Cell(title, styles.Title)]);
        await sheet.AddRowAsync([new Cell(ReportHtml.Meta(text, AsOf, Header))]);
        await sheet.AddRowAsync(Header.IsDemo ? [new Cell(text.DemoMark, styles.Demo)] : [new Cell()]);
    }
}

public sealed partial class ReportService
{
    public static IReadOnlyList<ReportFormat> PlanProgressFormats { get; } = [ReportFormat.Html, ReportFormat.Pdf, ReportFormat.Xlsx, ReportFormat.Csv];

    public async Task<(PreparedReport? Report, ReportProblem? Problem)> PreparePlanProgressAsync(PlanProgressParams p, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var day = Coverage.CoverageApi.ParseAsOf(p.AsOf, clock, errors);
        var format = ReportFormats.Parse(p.Format, PlanProgressFormats, errors);
        var language = ReportFormats.ParseLanguage(p.Lang, errors);
        var bom = ParseBool(p.Bom, "bom", errors);
        if (errors.Count > 0)
        {
            return (null, ReportProblem.Invalid(errors));
        }

        if (format == ReportFormat.Pdf && Unavailable() is { } missing)
        {
            return (null, missing);
        }

        Plan? plan;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var plans = scope.ServiceProvider.GetRequiredService<InfraDb>().Plans.AsNoTracking().Include(x => x.Targets);
            // The plan by id or by code; without one, the first plan (a city has one plan in force at a time).
            plan = p.Plan is null ? await plans.OrderBy(x => x.Id).FirstOrDefaultAsync(ct)
                : int.TryParse(p.Plan, out var id) ? await plans.SingleOrDefaultAsync(x => x.Id == id, ct)
                : await plans.SingleOrDefaultAsync(x => x.Code == p.Plan, ct);
        }

        if (plan is null)
        {
            return (null, new ReportProblem(StatusCodes.Status404NotFound, "Not found.",
                p.Plan is null ? "There is no plan yet." : $"There is no plan '{p.Plan}' (give its id or its code; /api/plans lists them).",
                [new FieldError("plan", $"There is no plan '{p.Plan}'.")]));
        }

        var targets = await PlanProgressApi.EvaluateAsync(plan, coverage, day, ct);
        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var report = new PlanProgressReport(plan, day, await HeaderAsync(ct), targets, [.. network.Counties.Select(c => (c.Code, c.Name))],
            network.CityName(plan.RegionCode).Name, language!.Value, bom);
        var text = new ReportText(report.Language);
        return (new PreparedReport(report.FileName(format!.Value), format.Value, report.Header, (output, token) => format switch
        {
            ReportFormat.Html => WriteHtmlAsync(output, html => PlanProgressHtml.WriteAsync(report, text, html, token), token),
            ReportFormat.Pdf => PrintAsync(output, html => PlanProgressHtml.WriteAsync(report, text, html, token), token),
            ReportFormat.Xlsx => ThroughPipeAsync(output, stream => report.WriteXlsxAsync(stream, token), token),
            _ => report.WriteCsvAsync(output, token),
        }), null);
    }
}
