using Infra.Api.Features.Exports;
using Infra.Api.Features.Scenarios;
using Infra.Api.Http;
using SpreadCheetah;

namespace Infra.Api.Features.Reports;

/// <summary>
/// The scenario report's tables: proposals, coverage before/after by region and service, and the plan's targets.
/// CSV holds one of them (<c>table=</c>), XLSX all of them with typed cells, GeoJSON and GeoPackage the proposals,
/// written by the carriers' exporter so the file is the one <c>/api/scenarios/{id}/export</c> hands over.
/// </summary>
public static class ScenarioTables
{
    public static IReadOnlyList<ReportColumn<ProposalRow>> ProposalColumns(ScenarioReport report) =>
    [
        new("sequence", "序号", "No.", ColumnType.Integer, 7, (r, _) => r.Asset.Sequence),
        new("kind", "类型", "Kind", ColumnType.Text, 10, (r, t) => Word(WireNames.Of(r.Asset.Kind), t)),
        new("carrier", "运营商", "Carrier", ColumnType.Text, 10, (r, t) => report.CarrierName(r, t)),
        new("source", "来源", "Source", ColumnType.Text, 10, (r, t) => Word(WireNames.Of(r.Asset.Source), t)),
        new("label", "名称", "Label", ColumnType.Text, 18, (r, _) => r.Asset.Label),
        new("technology", "技术", "Technology", ColumnType.Text, 10, (r, _) => r.Technology),
        new("county_code", "县区代码", "County code", ColumnType.Text, 10, (r, _) => r.Asset.CountyCode),
        new("county", "县区", "County", ColumnType.Text, 10, (r, _) => r.CountyName),
        new("lon", "经度", "Longitude", ColumnType.Coordinate, 11, (r, _) => Math.Round(r.Start.X, 6)),
        new("lat", "纬度", "Latitude", ColumnType.Coordinate, 10, (r, _) => Math.Round(r.Start.Y, 6)),
        new("end_lon", "终点经度", "End longitude", ColumnType.Coordinate, 11, (r, _) => r.End is { } e ? Math.Round(e.X, 6) : null),
        new("end_lat", "终点纬度", "End latitude", ColumnType.Coordinate, 10, (r, _) => r.End is { } e ? Math.Round(e.Y, 6) : null),
        new("radius_m", "覆盖半径(米)", "Radius (m)", ColumnType.Real, 11, (r, _) => r.Asset.RadiusM),
        new("length_km", "长度(公里，大地线)", "Length (km, geodesic)", ColumnType.Real, 12, (r, _) => Km(r.Asset.LengthKm)),
        new("route_km", "敷设长度(公里)", "Route (km)", ColumnType.Real, 11, (r, _) => Km(r.Asset.RouteKm)),
        new("new_population", "新增覆盖人口", "Newly covered people", ColumnType.Integer, 12, (r, _) => r.Asset.NewPopulation),
    ];

    public static IReadOnlyList<ReportColumn<CoverageRow>> CoverageColumns { get; } =
    [
        new("region_code", "区域代码", "Region code", ColumnType.Text, 10, (r, _) => r.Code),
        new("region", "区域", "Region", ColumnType.Text, 10, (r, _) => r.Name),
        new("service", "业务", "Service", ColumnType.Text, 10, (r, t) => Word(r.Service, t)),
        new("admin_share_before", "行政村覆盖率(现网)", "Admin. villages before", ColumnType.Percent, 12, (r, _) => r.Before.Administrative),
        new("admin_share_after", "行政村覆盖率(方案)", "Admin. villages after", ColumnType.Percent, 12, (r, _) => r.After.Administrative),
        new("admin_share_change", "行政村变化", "Admin. villages change", ColumnType.Percent, 10,
            (r, _) => CoverageRow.Change(r.Before.Administrative, r.After.Administrative)),
        new("natural_share_before", "自然村覆盖率(现网)", "Natural villages before", ColumnType.Percent, 12, (r, _) => r.Before.Natural),
        new("natural_share_after", "自然村覆盖率(方案)", "Natural villages after", ColumnType.Percent, 12, (r, _) => r.After.Natural),
        new("natural_share_change", "自然村变化", "Natural villages change", ColumnType.Percent, 10, (r, _) => CoverageRow.Change(r.Before.Natural, r.After.Natural)),
        new("population_share_before", "人口覆盖率(现网)", "Population before", ColumnType.Percent, 12, (r, _) => r.Before.Population),
        new("population_share_after", "人口覆盖率(方案)", "Population after", ColumnType.Percent, 12, (r, _) => r.After.Population),
        new("population_share_change", "人口变化", "Population change", ColumnType.Percent, 10, (r, _) => CoverageRow.Change(r.Before.Population, r.After.Population)),
        new("new_admin_villages", "新增覆盖行政村", "Admin. villages newly served", ColumnType.Integer, 12, (r, _) => r.NewAdministrative),
        new("new_natural_villages", "新增覆盖自然村", "Natural villages newly served", ColumnType.Integer, 12, (r, _) => r.NewNatural),
        new("new_population", "新增覆盖人口", "People newly served", ColumnType.Integer, 12, (r, _) => r.NewPopulation),
    ];

    public static IReadOnlyList<ReportColumn<TargetComparison>> TargetColumns(ScenarioReport report) =>
    [
        new("target_code", "目标代码", "Code", ColumnType.Text, 22, (r, _) => r.Code),
        new("target", "目标", "Target", ColumnType.Text, 22, (r, t) => t is null ? r.Name : report.TargetName(r, t)),
        new("unit", "单位", "Unit", ColumnType.Text, 8, (r, t) => r.Unit == "%" || t is null ? r.Unit : t.Word(r.Unit)),
        new("goal", "目标值", "Goal", ColumnType.Real, 11, (r, _) => r.Goal),
        new("before", "现网值", "Before", ColumnType.Real, 11, (r, _) => r.B),
        new("after", "方案值", "After", ColumnType.Real, 11, (r, _) => r.A),
        new("change", "变化", "Change", ColumnType.Real, 10, (r, _) => r.Difference),
        new("met_before", "现网是否完成", "Met before", ColumnType.Text, 10, (r, _) => r.MetB),
        new("met_after", "方案是否完成", "Met after", ColumnType.Text, 10, (r, _) => r.MetA),
    ];

    public static Task WriteCsvAsync(ScenarioReport report, Stream output, CancellationToken ct) => report.Table switch
    {
        ScenarioTable.Coverage => UnservedTables.WriteCsvAsync(CoverageColumns, report.Coverage, report.Header.IsDemo, report.Bom, output, ct),
        ScenarioTable.Targets => UnservedTables.WriteCsvAsync(TargetColumns(report), report.Targets, report.Header.IsDemo, report.Bom, output, ct),
        _ => UnservedTables.WriteCsvAsync(ProposalColumns(report), report.Proposals, report.Header.IsDemo, report.Bom, output, ct),
    };

    /// <summary>A summary sheet, then coverage, targets (when there is a plan) and proposals, each with the title block and a frozen header.</summary>
    public static async Task WriteXlsxAsync(ScenarioReport report, ReportText text, Stream output, CancellationToken ct)
    {
        var title = report.Title(text);
        var (sheet, styles) = await ReportXlsx.CreateAsync(output, title, ct);
        await using (sheet)
        {
            string[] headers = [text["项目", "Item"], text["数值", "Value"], text["字段名", "Field"]];
            await styles.StartSheetAsync(text["汇总", "Summary"], headers, [34, 14, 30], 4, report.Summary.Count, ct);
            await TitleRowsAsync(report, text, sheet, styles, title, ct);
            await sheet.AddRowAsync(headers.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
            foreach (var item in report.Summary)
            {
                await sheet.AddRowAsync([new Cell(text[item.Zh, item.En]), styles.Value(item.Type == ColumnType.Integer ? (long)item.Value : item.Value, item.Type),
                    new Cell(item.Name)], ct);
            }

            await SheetAsync(report, text, sheet, styles, text["覆盖对比", "Coverage"], title, CoverageColumns, report.Coverage, ct);
            if (report.Plan is not null)
            {
                await SheetAsync(report, text, sheet, styles, text["规划目标", "Targets"], title, TargetColumns(report), report.Targets, ct);
            }

            await SheetAsync(report, text, sheet, styles, text["方案设施", "Proposals"], title, ProposalColumns(report), report.Proposals, ct);
            await sheet.FinishAsync(ct);
        }
    }

    /// <summary>The proposals through the exporter of <c>/api/scenarios/{id}/export</c>, with the county's name and, for the demo data, the notice.</summary>
    public static Task WriteGeoAsync(ScenarioReport report, string format, Stream output, CancellationToken ct)
    {
        var carriers = report.Proposals.Where(p => p.Carrier is not null).Select(p => p.Carrier!).DistinctBy(c => c.Id).ToDictionary(c => c.Id, c => c.Code);
        var rows = report.Proposals.Select(p =>
        {
            var row = ScenarioMapping.ExportRow(p.Asset, carriers);
            var props = WireJson.ToObject(row.Props);
            props["countyName"] = p.CountyName;
            if (report.Header.IsDemo)
            {
                props["dataNotice"] = UnservedTables.DemoNotice;
            }

            return row with { Props = props };
        }).ToAsyncEnumerable();
        string[] columns = [.. ScenarioMapping.ExportColumns, "countyName", .. report.Header.IsDemo ? ["dataNotice"] : Array.Empty<string>()];
        return Exporter.WriteFeaturesAsync(format, ScenarioMapping.ExportTable, columns, "GEOMETRY", rows, output, ct);
    }

    private static async Task SheetAsync<T>(ScenarioReport report, ReportText text, Spreadsheet sheet, ReportXlsx styles, string name, string title,
        IReadOnlyList<ReportColumn<T>> columns, IReadOnlyList<T> rows, CancellationToken ct)
    {
        var headers = columns.Select(c => c.Header(text)).ToList();
        await styles.StartSheetAsync(name, headers, [.. columns.Select(c => c.Width)], 4, rows.Count, ct);
        await TitleRowsAsync(report, text, sheet, styles, $"{title} — {name}", ct);
        await sheet.AddRowAsync(headers.Select(h => new Cell(h, styles.Header)).ToArray(), ct);
        foreach (var row in rows)
        {
            await sheet.AddRowAsync(columns.Select(c => c.Value(row, text) is var v && v is bool b ? new Cell(b) : styles.Value(v, c.Type)).ToArray(), ct);
        }
    }

    private static async Task TitleRowsAsync(ScenarioReport report, ReportText text, Spreadsheet sheet, ReportXlsx styles, string title, CancellationToken ct)
    {
        await sheet.AddRowAsync([new Cell(title, styles.Title)], ct);
        await sheet.AddRowAsync([new Cell(report.Meta(text))], ct);
        await sheet.AddRowAsync(report.Header.IsDemo ? [new Cell(text.DemoMark, styles.Demo)] : [new Cell()], ct);
    }

    private static double? Km(double? km) => km is { } v ? Math.Round(v, 3) : null;

    private static string Word(string wireName, ReportText? text) => text?.Word(wireName) ?? wireName;
}
