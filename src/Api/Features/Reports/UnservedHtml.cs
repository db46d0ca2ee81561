using System.Text;
using Infra.Domain.Regions;
using static Infra.Api.Features.Reports.ReportHtml;

namespace Infra.Api.Features.Reports;

/// <summary>The printable unserved-villages report: summary, then per county its map, its townships and its villages.</summary>
public static class UnservedHtml
{
    public static string Title(UnservedReport report, ReportText text)
    {
        var level = text.Word(report.Query.Kind == VillageKind.Administrative ? "administrative" : "natural");
        return text[$"{report.ScopeName}无{text.Service(report.Query.Service)}服务的{level}名单",
            $"{Capital(level)} without {text.Service(report.Query.Service)} — {report.ScopeName}"];
    }

    public static async Task WriteAsync(UnservedReport report, ReportText text, IReportMap? map, TextWriter html, CancellationToken ct)
    {
        var q = report.Query;
        var level = text.Word(q.Kind == VillageKind.Administrative ? "administrative" : "natural");
        var service = text.Service(q.Service);
        await WriteStartAsync(html, text, Title(report, text), Meta(text, q.AsOf, report.Header), report.Header.IsDemo);
        var t = report.Total;
        await html.WriteAsync(text[
            $"<p class=\"lead\">截至 {q.AsOf:yyyy年M月d日}，{E(report.ScopeName)}共有{level} {text.Number(t.Villages)} 个，其中 <b>{text.Number(t.Unserved)}</b> 个（{text.Percent(t.UnservedShare)}）尚无{E(service)}服务，涉及人口 <b>{text.Number(t.UnservedPopulation)}</b> 人（{text.Percent(t.UnservedPopulationShare)}）。</p>\n",
            $"<p class=\"lead\">On {q.AsOf:d MMMM yyyy}, <b>{text.Number(t.Unserved)}</b> of the {text.Number(t.Villages)} {level} of {E(report.ScopeName)} ({text.Percent(t.UnservedShare)}) had no {E(service)}; <b>{text.Number(t.UnservedPopulation)}</b> people live in them ({text.Percent(t.UnservedPopulationShare)}).</p>\n"]);
        await WriteTallyTableAsync(html, text, text["县区", "County"], level, report.Counties.Select(c => c.Tally), report.Total);
        await WriteNotesAsync(html, report, text);

        foreach (var county in report.Counties)
        {
            ct.ThrowIfCancellationRequested();
            await html.WriteAsync($"<section class=\"county\">\n<h2>{E(county.County.Name)} <small>{E(county.County.Code)}</small></h2>\n");
            var c = county.Tally;
            await html.WriteAsync(text[
                $"<p>{level} {text.Number(c.Villages)} 个，无{E(service)}服务 <b>{text.Number(c.Unserved)}</b> 个（{text.Percent(c.UnservedShare)}），涉及人口 <b>{text.Number(c.UnservedPopulation)}</b> 人（{text.Percent(c.UnservedPopulationShare)}）。</p>\n",
                $"<p><b>{text.Number(c.Unserved)}</b> of {text.Number(c.Villages)} {level} without {E(service)} ({text.Percent(c.UnservedShare)}), <b>{text.Number(c.UnservedPopulation)}</b> people ({text.Percent(c.UnservedPopulationShare)}).</p>\n"]);
            if (map is not null && await map.RenderCountyAsync(county.County, q.Service, q.AsOf, text.Language, ct) is { } png)
            {
                await html.WriteAsync($"<figure class=\"map\"><img alt=\"{E(county.County.Name)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">"
                    + $"<figcaption>{E(text[$"{county.County.Name}：无{service}服务的{level}（红色）", $"{county.County.Name}: {level} without {service} in red"])}</figcaption></figure>\n");
            }

            if (county.Townships.Count > 1)
            {
                await html.WriteAsync($"<h3>{text["各乡镇情况", "By township"]}</h3>\n");
                // Townships with no village of this level (街道 often have none) would only add empty lines.
                await WriteTallyTableAsync(html, text, text["乡镇", "Township"], level, county.Townships.Where(x => x.Tally.Villages > 0).Select(x => x.Tally), c);
            }

            if (c.Unserved > 0)
            {
                await html.WriteAsync($"<h3>{E(text[$"无{service}服务的{level}（按人口从多到少）", $"{Capital(level)} without {service}, largest population first"])}</h3>\n");
                await WriteVillagesAsync(report, county, text, html, ct);
            }

            await html.WriteAsync("</section>\n");
        }

        await WriteEndAsync(html);
        await html.FlushAsync(ct);
    }

    private static async Task WriteVillagesAsync(UnservedReport report, CountySection county, ReportText text, TextWriter html, CancellationToken ct)
    {
        var fiber = report.HasFiberColumn;
        var columns = fiber ? 7 : 6;
        var widths = fiber ? "5,11,15,8,7,36,18" : "5,12,16,8,7,52";
        await html.WriteAsync("<table class=\"villages\">\n<colgroup>" + string.Concat(widths.Split(',').Select(w => $"<col style=\"width:{w}%\">"))
            + "</colgroup>\n<thead><tr>"
            + $"<th class=\"num\">{text["序号", "No."]}</th><th>{text["村名", "Village"]}</th><th>{text["代码", "Code"]}</th>"
            + $"<th class=\"num\">{text["人口", "People"]}</th><th class=\"num\">{text["户数", "Households"]}</th>"
            + $"<th>{text["最近的设施及不能服务的原因", "Nearest assets and why they do not serve"]}</th>"
            + (fiber ? $"<th>{text["最近光缆", "Nearest fiber"]}</th>" : "")
            + "</tr></thead>\n");
        var rank = 0;
        foreach (var township in county.Townships.Where(x => x.Villages.Length > 0))
        {
            var tt = township.Tally;
            await html.WriteAsync($"<tbody>\n<tr class=\"township\"><th colspan=\"{columns}\">{E(township.Township.Name)}　"
                + E(text[$"{tt.Unserved} 个，{text.Number(tt.UnservedPopulation)} 人", $"{tt.Unserved} villages, {text.Number(tt.UnservedPopulation)} people"])
                + "</th></tr>\n");
            var row = new StringBuilder();
            foreach (var r in report.Rows(county, township, rank))
            {
                rank = r.Rank;
                row.Clear();
                row.Append("<tr><td class=\"num\">").Append(r.Rank).Append("</td><td>").Append(E(r.Village.Name)).Append("</td><td class=\"code\">")
                    .Append(E(r.Village.Code)).Append("</td><td class=\"num\">").Append(text.Number(r.Village.Population))
                    .Append("</td><td class=\"num\">").Append(text.Number(r.Village.Households)).Append("</td><td class=\"fix\">");
                AppendCandidates(row, report, r, text);
                row.Append("</td>");
                if (fiber)
                {
                    row.Append("<td>");
                    if (r.Explanation.NearestFiber is { } f)
                    {
                        row.Append(E(f.Code)).Append(" · ").Append(E(report.CarrierName(f.Carrier, text))).Append(" · ").Append(E(text.Distance(f.DistanceM)))
                            .Append("<br><span class=\"small\">").Append(E(text.Word(f.Tier))).Append(" · ").Append(E(text.Word(f.Status ?? ""))).Append("</span>");
                    }
                    else
                    {
                        row.Append('—');
                    }

                    row.Append("</td>");
                }

                row.Append("</tr>\n");
                await html.WriteAsync(row);
                if (r.Rank % 500 == 0)
                {
                    await html.FlushAsync(ct);
                }
            }

            await html.WriteAsync("</tbody>\n");
        }

        await html.WriteAsync("</table>\n");
    }

    private static void AppendCandidates(StringBuilder row, UnservedReport report, UnservedRow r, ReportText text)
    {
        if (r.Planned is { } p)
        {
            var from = p.From is { } d ? text[$"{d:yyyy-MM-dd} 起可服务", $"serves it from {d:yyyy-MM-dd}"] : text["投产日期未定", "no commissioning date yet"];
            var away = text.Distance(r.Candidate(p.Basis)?.DistanceM);
            row.Append("<div class=\"soon\">").Append(E(text[$"{text.Word(p.Status)}{UnservedColumns.BasisName(p.Basis).Zh} {p.Code}（{report.CarrierName(p.Carrier, text)}，{away}）{from}",
                $"{text.Word(p.Status)} {UnservedColumns.BasisName(p.Basis).En} {p.Code} ({report.CarrierName(p.Carrier, text)}, {away}) {from}"])).Append("</div>");
        }

        var any = false;
        foreach (var basis in report.CandidateBases)
        {
            // The planned asset is already said above, with its distance.
            if (r.Candidate(basis) is not { } c || (r.Planned is { } planned && planned.Code == c.Code && planned.Basis == basis))
            {
                any |= r.Candidate(basis) is not null;
                continue;
            }

            any = true;
            var (zh, en) = UnservedColumns.BasisName(basis);
            row.Append("<div><span class=\"k\">").Append(E(text[zh, en])).Append("</span> ").Append(E(c.Code)).Append(" · ")
                .Append(E(report.CarrierName(c.Carrier, text)));
            if (c.DistanceM is { } m)
            {
                row.Append(" · ").Append(E(text.Distance(m)));
            }

            row.Append(" · <span class=\"why\">").Append(E(string.Join(text["、", ", "], c.Reasons.Select(text.Word)))).Append("</span>");
            if (c.Status is { } s && s != "in_service")
            {
                row.Append(" (").Append(E(text.Word(s))).Append(')');
            }

            row.Append("</div>");
        }

        if (!any)
        {
            row.Append(E(text["附近没有此类设施", "no such asset nearby"]));
        }
    }

    private static async Task WriteTallyTableAsync(TextWriter html, ReportText text, string regionHeader, string level, IEnumerable<RegionTally> rows, RegionTally total)
    {
        await html.WriteAsync("<table class=\"tally\">\n<thead><tr>"
            + $"<th>{E(regionHeader)}</th><th class=\"num\">{E(text[$"{level}数", "Villages"])}</th><th class=\"num\">{text["无服务", "Unserved"]}</th>"
            + $"<th class=\"num\">{text["比例", "Share"]}</th><th class=\"num\">{text["人口", "Population"]}</th>"
            + $"<th class=\"num\">{text["无服务人口", "Unserved people"]}</th><th class=\"num\">{text["比例", "Share"]}</th></tr></thead>\n<tbody>\n");
        foreach (var r in rows)
        {
            await html.WriteAsync(TallyRow(text, r, r.Name, ""));
        }

        await html.WriteAsync($"</tbody>\n<tfoot>{TallyRow(text, total, text["合计", "Total"], "total")}</tfoot>\n</table>\n");
    }

    private static string TallyRow(ReportText text, RegionTally r, string name, string css) =>
        $"<tr class=\"{css}\"><td>{E(name)}</td><td class=\"num\">{text.Number(r.Villages)}</td><td class=\"num\">{text.Number(r.Unserved)}</td>"
        + $"<td class=\"num\">{text.Percent(r.UnservedShare)}</td><td class=\"num\">{text.Number(r.Population)}</td>"
        + $"<td class=\"num\">{text.Number(r.UnservedPopulation)}</td><td class=\"num\">{text.Percent(r.UnservedPopulationShare)}</td></tr>\n";

    private static Task WriteNotesAsync(TextWriter html, UnservedReport report, ReportText text) => html.WriteAsync(text[
        """
        <ul class="note">
        <li>“最近的设施”列出该服务规则所涉及的每类设施中距离该村最近的一处（不论其状态），以及它不能为该村提供服务的全部原因；距离为 WGS 84 椭球面上的大地线距离。</li>
        <li>绿色字表示：该处设施唯一的原因是尚未投入使用（规划或在建），按记录的投产日期建成后即可为该村提供服务。</li>
        <li>无服务的村数与人口与 /api/coverage 在同一日期给出的数字一致。</li>
        </ul>

        """,
        """
        <ul class="note">
        <li>“Nearest assets” lists, for each kind of asset the service's rule counts, the one nearest to the village (whatever its state) and every reason it does not serve the village; distances are geodesic on the WGS 84 ellipsoid.</li>
        <li>Green text: an asset whose only shortcoming is that it is not in service yet (planned or under construction); built as recorded it serves the village from its commissioning date.</li>
        <li>The counts and populations agree with /api/coverage for the same date.</li>
        </ul>

        """]);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
