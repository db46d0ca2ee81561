using System.Globalization;
using System.Text;
using CsvHelper;
using SpreadCheetah;

namespace Infra.Api.Features.Reports;

/// <summary>The unserved-villages report as CSV (one table, every county) and as XLSX (a summary sheet and one sheet per county).</summary>
public static class UnservedTables
{
    /// <summary>The value of the <c>data_notice</c> column that marks every row of a report made from the demo data.</summary>
    public const string DemoNotice = "生成的演示数据 Generated demo data";

    /// <summary>RFC 4180 (CRLF, fields quoted where needed), UTF-8, machine column names; a byte-order mark on request so Excel reads the Chinese as UTF-8.</summary>
    public static Task WriteCsvAsync(UnservedReport report, Stream output, CancellationToken ct) =>
        WriteCsvAsync(UnservedColumns.For(report), report.Counties.SelectMany(report.Rows), report.Header.IsDemo, report.Query.Bom, output, ct);

    /// <summary>One table of any report as CSV: the columns' machine names and values, and <c>data_notice</c> on every row of the demo data.</summary>
    public static async Task WriteCsvAsync<T>(IReadOnlyList<ReportColumn<T>> columns, IEnumerable<T> rows, bool isDemo, bool bom, Stream output,
        CancellationToken ct)
    {
        await using var csv = Csv(output, bom);
        foreach (var column in columns)
        {
            csv.WriteField(column.Name);
        }

        if (isDemo)
        {
            csv.WriteField("data_notice");
        }

        await csv.EndRecordAsync(ct);
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            foreach (var column in columns)
            {
                csv.WriteField(Text(column.Value(row, null)));
            }

            if (isDemo)
            {
                csv.WriteField(DemoNotice);
            }

            await csv.EndRecordAsync(ct);
        }

        await csv.FlushAsync(ct);
    }

    public static async Task WriteXlsxAsync(UnservedReport report, ReportText text, Stream output, CancellationToken ct)
    {
        var title = UnservedHtml.Title(report, text);
        var (sheet, styles) = await ReportXlsx.CreateAsync(output, title, ct);
        await using (sheet)
        {
            await WriteSummaryAsync(report, text, sheet, styles, title, ct);
            var columns = UnservedColumns.For(report);
            var headers = columns.Select(c => c.Header(text)).ToList();
            foreach (var county in report.Counties)
            {
                await styles.StartSheetAsync($"{county.County.Code} {county.County.Name}", headers, [.. columns.Select(c => c.Width)], 2,
                    county.Tally.Unserved, ct);
                await sheet.AddRowAsync(TitleRow(report, text, $"{county.County.Name} — {title}", styles), ct);
                await sheet.AddRowAsync(headers.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
                foreach (var row in report.Rows(county))
                {
                    ct.ThrowIfCancellationRequested();
                    await sheet.AddRowAsync(columns.Select(c => styles.Value(c.Value(row, text), c.Type)).ToArray(), ct);
                }
            }

            await sheet.FinishAsync(ct);
        }
    }

    private static async Task WriteSummaryAsync(UnservedReport report, ReportText text, Spreadsheet sheet, ReportXlsx styles, string title, CancellationToken ct)
    {
        var level = text.Word(report.Query.Kind == Domain.Regions.VillageKind.Administrative ? "administrative" : "natural");
        string[] headers =
        [
            text["县区代码", "County code"], text["县区", "County"], text[$"{level}数", $"{level}"], text[$"无{text.Service(report.Query.Service)}的{level}数", "Unserved"],
            text["无服务比例", "Unserved share"], text["人口", "Population"], text["无服务人口", "Unserved population"], text["无服务人口比例", "Unserved population share"],
        ];
        await styles.StartSheetAsync(text["汇总", "Summary"], headers, [12, 12, 12, 14, 12, 14, 14, 14], 4, report.Counties.Count + 1, ct);
        await sheet.AddRowAsync(TitleRow(report, text, title, styles), ct);
        await sheet.AddRowAsync([new Cell(text[$"数据日期：{report.Query.AsOf:yyyy-MM-dd}　范围：{report.ScopeName}　数据集：{report.Header.DataSetName}",
            $"Data as of {report.Query.AsOf:yyyy-MM-dd} · scope: {report.ScopeName} · data set: {report.Header.DataSetName}"])], ct);
        await sheet.AddRowAsync(report.Header.IsDemo ? [new Cell(text.DemoMark, styles.Demo)] : [new Cell()], ct);
        await sheet.AddRowAsync(headers.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
        foreach (var tally in report.Counties.Select(c => c.Tally).Append(report.Total))
        {
            var total = ReferenceEquals(tally, report.Total);
            await sheet.AddRowAsync(
            [
                new Cell(total ? "" : tally.Code), new Cell(total ? text["合计", "Total"] : tally.Name, total ? styles.Total : default),
                new Cell(tally.Villages, styles.Integer), new Cell(tally.Unserved, styles.Integer), new Cell(tally.UnservedShare, styles.Percent),
                new Cell(tally.Population, styles.Integer), new Cell(tally.UnservedPopulation, styles.Integer), new Cell(tally.UnservedPopulationShare, styles.Percent),
            ], ct);
        }
    }

    private static Cell[] TitleRow(UnservedReport report, ReportText text, string title, ReportXlsx styles) =>
        report.Header.IsDemo ? [new Cell(title, styles.Title), new Cell(), new Cell(), new Cell(text.DemoMark, styles.Demo)] : [new Cell(title, styles.Title)];

    /// <summary>CsvHelper's writer: RFC 4180 (CRLF, quoted where needed), UTF-8, straight into the stream.</summary>
    internal static CsvWriter Csv(Stream output, bool bom) =>
        CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = bom, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);

    /// <summary>A value as CSV text: invariant numbers, ISO dates, empty for none.</summary>
    internal static string Text(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
