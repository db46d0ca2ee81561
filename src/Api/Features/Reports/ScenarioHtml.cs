using System.Globalization;
using Infra.Api.Features.Scenarios;
using static Infra.Api.Features.Reports.ReportHtml;

namespace Infra.Api.Features.Reports;

/// <summary>The printable scenario report: summary, coverage before and after by county for each service it changes, the plan's targets, the proposals.</summary>
public static class ScenarioHtml
{
    public static async Task WriteAsync(ScenarioReport report, ReportText text, TextWriter html, CancellationToken ct)
    {
        await WriteStartAsync(html, text, report.Title(text), report.Meta(text), report.Header.IsDemo);
        var s = report.Scenario;
        if (s.Description is { Length: > 0 } description)
        {
            await html.WriteAsync($"<p class=\"small\">{E(description)}</p>\n");
        }

        var figures = report.Summary.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
        await html.WriteAsync($"<p class=\"lead\">{E(text[
            $"本方案在 {s.BaseDate:yyyy年M月d日} 的现网基础上，新建基站 {text.Number(figures["stations"])} 个、光缆 {text.Number(figures["fiber_km"], 1)} 公里、接入网点 {text.Number(figures["access_points"])} 个；"
            + $"新增移动通信覆盖人口 {text.Number(figures["new_mobile_population"])} 人，新通宽带行政村 {text.Number(figures["new_broadband_admin_villages"])} 个。",
            $"On the network of {s.BaseDate:d MMMM yyyy}, the scenario proposes {text.Number(figures["stations"])} base stations, {text.Number(figures["fiber_km"], 1)} km of fiber "
            + $"and {text.Number(figures["access_points"])} access points; {text.Number(figures["new_mobile_population"])} more people would have mobile coverage "
            + $"and {text.Number(figures["new_broadband_admin_villages"])} more administrative villages broadband."])}</p>\n");

        await html.WriteAsync($"<h2>{text["一、方案概要", "1. Summary"]}</h2>\n<table class=\"summary\"><tbody>\n");
        foreach (var item in report.Summary)
        {
            await html.WriteAsync($"<tr><td>{E(text[item.Zh, item.En])}</td><td class=\"num\">{E(text.Number(item.Value, item.Type == ColumnType.Real ? 1 : 0))}</td></tr>\n");
        }

        await html.WriteAsync("</tbody></table>\n");
        await WriteCoverageAsync(report, text, html, ct);
        await WriteTargetsAsync(report, text, html);
        await WriteProposalsAsync(report, text, html, ct);
        await html.WriteAsync(text[
            "<p class=\"note\">“现网”为基准日期的现有网络；“方案”为现网加上本方案全部设施（视为自基准日期起在用），覆盖按与 /api/coverage 相同的规则计算。光缆公里数为敷设长度（含绕行系数），未给出时为大地线长度。方案设施不进入运营商的正式记录。</p>\n",
            "<p class=\"note\">“Before” is the existing network on the base date; “after” adds every proposal of the scenario, counted as in service from that date, with the rules of /api/coverage. Fiber km is the route length (with the detour factor) where given, else the geodesic length. Proposals never enter the carriers' records.</p>\n"]);
        await WriteEndAsync(html);
        await html.FlushAsync(ct);
    }

    /// <summary>One table per service the scenario changes (mobile and broadband always); the others are named as unchanged.</summary>
    private static async Task WriteCoverageAsync(ScenarioReport report, ReportText text, TextWriter html, CancellationToken ct)
    {
        await html.WriteAsync($"<h2>{text["二、各县区覆盖变化（现网 → 方案）", "2. Coverage by county (before → after)"]}</h2>\n");
        var byService = report.Coverage.GroupBy(r => r.Service).ToList();
        var shown = byService.Where(g => g.Key is "mobile" or "broadband" || g.Any(r => r.Changed)).ToList();
        foreach (var service in shown)
        {
            ct.ThrowIfCancellationRequested();
            await html.WriteAsync($"<h3>{E(text.Word(service.Key))}</h3>\n<table><thead><tr><th>{text["县区", "County"]}</th>"
                + $"<th class=\"num\">{text["行政村覆盖率", "Admin. villages"]}</th><th class=\"num\">{text["自然村覆盖率", "Natural villages"]}</th>"
                + $"<th class=\"num\">{text["人口覆盖率", "Population"]}</th><th class=\"num\">{text["人口变化", "Change"]}</th>"
                + $"<th class=\"num\">{text["新增覆盖人口", "People newly served"]}</th></tr></thead>\n<tbody>\n");
            foreach (var r in service)
            {
                var total = r.Level == "city";
                await html.WriteAsync($"<tr{(total ? " class=\"total\"" : "")}><td>{E(total ? text["全市", "City"] : r.Name)}</td>"
                    + $"<td class=\"num\">{Pair(r.Before.Administrative, r.After.Administrative, text)}</td>"
                    + $"<td class=\"num\">{Pair(r.Before.Natural, r.After.Natural, text)}</td>"
                    + $"<td class=\"num\">{Pair(r.Before.Population, r.After.Population, text)}</td>"
                    + $"<td class=\"num\">{E(Points(CoverageRow.Change(r.Before.Population, r.After.Population)))}</td>"
                    + $"<td class=\"num\">{E(text.Number(r.NewPopulation))}</td></tr>\n");
            }

            await html.WriteAsync("</tbody></table>\n");
        }

        var unchanged = byService.Except(shown).Select(g => text.Word(g.Key)).ToList();
        if (unchanged.Count > 0)
        {
            await html.WriteAsync($"<p class=\"small\">{E(text[$"{string.Join("、", unchanged)}：本方案不改变覆盖。", $"{string.Join(", ", unchanged)}: unchanged by the scenario."])}</p>\n");
        }
    }

    private static async Task WriteTargetsAsync(ScenarioReport report, ReportText text, TextWriter html)
    {
        if (report.Plan is not { } plan)
        {
            await html.WriteAsync($"<h2>{text["三、规划目标", "3. Plan targets"]}</h2>\n<p>{text["尚无规划，无目标可评估。", "There is no plan yet, so no targets to evaluate."]}</p>\n");
            return;
        }

        var planName = text.Chinese || plan.NameEn.Length == 0 ? plan.Name : plan.NameEn;
        await html.WriteAsync($"<h2>{E(text[$"三、规划目标（{planName}）", $"3. Plan targets ({planName})"])}</h2>\n<table><thead><tr>"
            + $"<th>{text["目标", "Target"]}</th><th class=\"num\">{text["目标值", "Goal"]}</th><th class=\"num\">{text["现网", "Before"]}</th>"
            + $"<th class=\"num\">{text["方案", "After"]}</th><th class=\"num\">{text["变化", "Change"]}</th><th>{text["完成（现网 → 方案）", "Met (before → after)"]}</th></tr></thead>\n<tbody>\n");
        foreach (var t in report.Targets)
        {
            var unit = t.Unit == "%" ? "%" : " " + text.Word(t.Unit);
            await html.WriteAsync($"<tr><td>{E(report.TargetName(t, text))}</td><td class=\"num\">{E(Value(t.Goal))}{E(unit)}</td>"
                + $"<td class=\"num\">{E(Value(t.B))}</td><td class=\"num\">{E(Value(t.A))}</td>"
                + $"<td class=\"num{(t.Difference > 0 ? " ok" : "")}\">{E((t.Difference > 0 ? "+" : "") + Value(t.Difference))}</td>"
                + $"<td>{Met(t.MetB, text)} → {Met(t.MetA, text)}</td></tr>\n");
        }

        await html.WriteAsync("</tbody></table>\n");
    }

    private static async Task WriteProposalsAsync(ScenarioReport report, ReportText text, TextWriter html, CancellationToken ct)
    {
        await html.WriteAsync($"<h2>{text[$"四、方案设施清单（{report.Proposals.Count} 项）", $"4. Proposals ({report.Proposals.Count})"]}</h2>\n<table><thead><tr>"
            + $"<th class=\"num\">{text["序号", "No."]}</th><th>{text["类型", "Kind"]}</th><th>{text["运营商", "Carrier"]}</th><th>{text["名称", "Label"]}</th>"
            + $"<th>{text["县区", "County"]}</th><th>{text["位置（经度, 纬度）", "Where (lon, lat)"]}</th><th class=\"num\">{text["长度 / 半径", "Length / radius"]}</th>"
            + $"<th class=\"num\">{text["新增覆盖人口", "Newly covered"]}</th></tr></thead>\n<tbody>\n");
        foreach (var p in report.Proposals)
        {
            ct.ThrowIfCancellationRequested();
            var a = p.Asset;
            var where = Point(p.Start) + (p.End is { } end ? " → " + Point(end) : "");
            var size = a.Kind == Domain.Assets.AssetKind.FiberRoute ? $"{text.Number(a.RouteKm ?? a.LengthKm ?? 0, 2)} km" : text.Distance(a.RadiusM);
            await html.WriteAsync($"<tr><td class=\"num\">{a.Sequence}</td><td>{E(text.Word(Http.WireNames.Of(a.Kind)))}</td><td>{E(report.CarrierName(p, text))}</td>"
                + $"<td>{E(a.Label ?? "")}</td><td>{E(p.CountyName ?? "—")}</td><td class=\"code\">{E(where)}</td><td class=\"num\">{E(size)}</td>"
                + $"<td class=\"num\">{E(a.NewPopulation is { } n ? text.Number(n) : "—")}</td></tr>\n");
        }

        await html.WriteAsync("</tbody></table>\n");
    }

    private static string Pair(double? before, double? after, ReportText text) => $"{E(text.Percent(before))} → {E(text.Percent(after))}";

    /// <summary>A change of share in percentage points.</summary>
    private static string Points(double? change) => change is { } c ? (c > 0 ? "+" : "") + (c * 100).ToString("0.0", CultureInfo.InvariantCulture) + " pp" : "—";

    private static string Value(double v) => v.ToString(v % 1 == 0 ? "#,0" : "#,0.##", CultureInfo.InvariantCulture);

    private static string Met(bool met, ReportText text) => met ? $"<span class=\"ok\">{text["是", "yes"]}</span>" : $"<span class=\"bad\">{text["否", "no"]}</span>";

    private static string Point(NetTopologySuite.Geometries.Point p) => string.Create(CultureInfo.InvariantCulture, $"{p.X:0.00000}, {p.Y:0.00000}");
}
