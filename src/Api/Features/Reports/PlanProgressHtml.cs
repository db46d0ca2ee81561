using System.Globalization;
using System.Text;
using Infra.Api.Features.Plans;
using static Infra.Api.Features.Reports.ReportHtml;

namespace Infra.Api.Features.Reports;

/// <summary>The printable plan-progress report: every target in one table, then each with its chart by year and its counties.</summary>
public static class PlanProgressHtml
{
    public static async Task WriteAsync(PlanProgressReport report, ReportText text, TextWriter html, CancellationToken ct)
    {
        await WriteStartAsync(html, text, report.Title(text), Meta(text, report.AsOf, report.Header), report.Header.IsDemo);
        var counts = report.Targets.GroupBy(t => t.Projection.Status).ToDictionary(g => g.Key, g => g.Count());
        var parts = new[] { "met", "on_track", "late", "not_at_this_pace", "period_closed" }
            .Where(counts.ContainsKey).Select(s => text[$"{text.Word(s)} {counts[s]} 项", $"{counts[s]} {text.Word(s)}"]);
        await html.WriteAsync($"<p class=\"lead\">{E(text[$"截至 {report.AsOf:yyyy年M月d日}，规划共有 {report.Targets.Count} 项目标：", $"On {report.AsOf:d MMMM yyyy} the plan has {report.Targets.Count} targets: "])}"
            + $"{E(string.Join(text["，", ", "], parts))}{text["。", "."]}</p>\n");

        await html.WriteAsync("<table class=\"summary\">\n<thead><tr>"
            + $"<th class=\"num\">{text["序号", "No."]}</th><th>{text["目标", "Target"]}</th><th class=\"num\">{text["目标值", "Goal"]}</th>"
            + $"<th class=\"num\">{text["当前值", "Value"]}</th><th class=\"num\">{text["完成率", "Achieved"]}</th><th>{text["完成", "Met"]}</th>"
            + $"<th>{text["预测（按近12个月进度）", "Projection (last 12 months' pace)"]}</th><th>{text["期限", "Due"]}</th></tr></thead>\n<tbody>\n");
        var n = 0;
        foreach (var t in report.Targets)
        {
            await html.WriteAsync($"<tr><td class=\"num\">{++n}</td><td>{E(report.TargetName(t, text))}</td>"
                + $"<td class=\"num\">{E(Amount(t.Goal, t, text))}</td><td class=\"num\">{E(Amount(t.Value, t, text))}</td>"
                + $"<td class=\"num\">{E(t.PercentAchieved.ToString("0.0", CultureInfo.InvariantCulture))}%</td>"
                + $"<td class=\"{(t.Met ? "ok" : "bad")}\">{(t.Met ? text["是", "yes"] : text["否", "no"])}</td>"
                + $"<td>{E(Projection(t, text))}</td><td class=\"num\">{t.PeriodEnd:yyyy-MM-dd}</td></tr>\n");
        }

        await html.WriteAsync("</tbody>\n</table>\n");
        await html.WriteAsync(text[
            "<p class=\"note\">完成率 = 当前值 ÷ 目标值。预测按截至数据日期前 12 个月的进度外推：“按期可完成”指按此进度可在期限前达到目标。各县区值与全市值用同一规则计算；份额类目标（%）的县区值为该县区自身的比例。</p>\n",
            "<p class=\"note\">Achieved = value ÷ goal. Projections extend the pace of the 12 months before the data date; “on track” means the goal is reached by the due date at that pace. County values follow the city's rule; for share targets (%) a county's value is its own share.</p>\n"]);

        n = 0;
        foreach (var t in report.Targets)
        {
            ct.ThrowIfCancellationRequested();
            await html.WriteAsync($"<div class=\"target\">\n<h3>{++n}. {E(report.TargetName(t, text))}</h3>\n");
            if (t.PlanText is { Length: > 0 } quote)
            {
                await html.WriteAsync($"<p class=\"small\">{text["规划原文：", "Plan text: "]}“{E(quote)}”　{E(text[$"目标 {Amount(t.Goal, t, text)}，期限 {t.PeriodEnd:yyyy-MM-dd}", $"goal {Amount(t.Goal, t, text)} by {t.PeriodEnd:yyyy-MM-dd}"])}</p>\n");
            }

            await html.WriteAsync($"<div class=\"cols\">\n<div class=\"chart\">{Chart(t, text)}</div>\n<table class=\"counties\"><thead><tr><th>{text["县区", "County"]}</th>"
                + $"<th class=\"num\">{E(text["数值", "Value"])}（{E(PlanProgressReport.Unit(t, text))}）</th></tr></thead>\n<tbody>\n");
            foreach (var c in t.ByCounty)
            {
                await html.WriteAsync($"<tr><td>{E(c.Name)}</td><td class=\"num\">{E(Number(c.Value, t))}</td></tr>\n");
            }

            await html.WriteAsync($"</tbody>\n<tfoot><tr><td>{text["全市", "City"]}</td><td class=\"num\">{E(Number(t.Value, t))}</td></tr></tfoot></table>\n</div>\n</div>\n");
        }

        await WriteEndAsync(html);
        await html.FlushAsync(ct);
    }

    private static string Projection(TargetProgressDto t, ReportText text)
    {
        var p = t.Projection;
        var when = p.Date is { } d && p.Status is "on_track" or "late" ? text[$"，预计 {d:yyyy-MM-dd}", $", expected {d:yyyy-MM-dd}"] : "";
        return text.Word(p.Status) + when;
    }

    private static string Number(double value, TargetProgressDto t) =>
        value.ToString(t.Unit == "%" ? "#,0.0#" : t.Unit == "km" ? "#,0.0" : "#,0", CultureInfo.InvariantCulture);

    private static string Amount(double value, TargetProgressDto t, ReportText text) =>
        t.Unit == "%" ? Number(value, t) + "%" : $"{Number(value, t)} {PlanProgressReport.Unit(t, text)}";

    /// <summary>
    /// The value at each year's end (and on the data date) as bars, with the goal as a dashed line: an SVG drawn
    /// here so the printed page needs no script. Bars that reach the goal are green.
    /// </summary>
    internal static string Chart(TargetProgressDto t, ReportText text)
    {
        const double W = 330, H = 180, Left = 52, Right = 8, Top = 16, Bottom = 26;
        var points = t.Series;
        var max = Math.Max(t.Goal, points.Count == 0 ? 0 : points.Max(p => p.Value));
        max = Nice(max <= 0 ? 1 : max * 1.08);
        double Y(double v) => Top + ((H - Top - Bottom) * (1 - (v / max)));
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"{E(t.Name)}\">");
        svg.Append("<style>text{font:9px 'Noto Sans CJK SC',sans-serif;fill:#333;paint-order:stroke;stroke:#fff;stroke-width:3px}.v{font-size:8px}</style>");
        foreach (var f in new[] { 0, 0.5, 1 })
        {
            var v = max * f;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{W - Right}\" y1=\"{Y(v):0.#}\" y2=\"{Y(v):0.#}\" stroke=\"#ddd\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Y(v) + 3:0.#}\" text-anchor=\"end\">{E(Compact(v, text))}</text>");
        }

        var slot = (W - Left - Right) / Math.Max(1, points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            var x = Left + (slot * i) + (slot * 0.2);
            var y = Y(Math.Max(0, p.Value));
            var color = p.Value >= t.Goal ? "#2e7d32" : "#4a6fa5";
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{slot * 0.6:0.#}\" height=\"{H - Bottom - y:0.#}\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"v\" x=\"{x + (slot * 0.3):0.#}\" y=\"{y - 2:0.#}\" text-anchor=\"middle\">{E(Compact(p.Value, text))}</text>");
            var label = p.Date.Month == 12 && p.Date.Day == 31 ? p.Date.Year.ToString(CultureInfo.InvariantCulture) : p.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (slot * 0.3):0.#}\" y=\"{H - Bottom + 12:0.#}\" text-anchor=\"middle\">{label}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{W - Right}\" y1=\"{Y(t.Goal):0.#}\" y2=\"{Y(t.Goal):0.#}\" stroke=\"#b41e1e\" stroke-width=\"1.2\" stroke-dasharray=\"5 3\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{W - Right}\" y=\"{Y(t.Goal) - 3:0.#}\" text-anchor=\"end\" style=\"fill:#b41e1e\">{E(text["目标 ", "goal "] + Compact(t.Goal, text))}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{W - Right}\" y1=\"{H - Bottom}\" y2=\"{H - Bottom}\" stroke=\"#333\"/>");
        return svg.Append("</svg>").ToString();
    }

    /// <summary>The next "nice" axis top above a value: 1, 2, 2.5 or 5 times a power of ten.</summary>
    private static double Nice(double value)
    {
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 2.5, 5, 10 }.Select(m => m * power).First(top => top >= value);
    }

    /// <summary>Axis numbers: 3,800,000 as 380万 in Chinese and 3.8M in English.</summary>
    private static string Compact(double v, ReportText text) => (Math.Abs(v), text.Chinese) switch
    {
        ( >= 10_000, true) => (v / 10_000).ToString("#,0.#", CultureInfo.InvariantCulture) + "万",
        ( >= 1_000_000, false) => (v / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        ( >= 10_000, false) => (v / 1_000).ToString("#,0.#", CultureInfo.InvariantCulture) + "k",
        _ => v.ToString(v % 1 == 0 ? "#,0" : "#,0.#", CultureInfo.InvariantCulture),
    };
}
