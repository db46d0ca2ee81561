using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace Infra.Api.Features.Reports;

/// <summary>
/// The printable page every report shares: A4 with page numbers, the demo mark, tables whose header repeats on
/// every page and whose rows never split. Hand-written rather than templated because the village tables are
/// streamed row by row (a template engine renders a whole model); every value goes through <see cref="E"/>.
/// </summary>
public static class ReportHtml
{
    /// <summary>HTML-escapes text; CJK passes through as UTF-8 rather than as character references.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string E(string? text) => text is null ? "" : Encoder.Encode(text);

    private const string Css = """
        @page { size: A4; margin: 16mm 13mm 17mm 13mm;
          @bottom-center { content: counter(page) " / " counter(pages); font: 8pt "Noto Sans CJK SC", sans-serif; color: #555; } }
        * { -webkit-print-color-adjust: exact; print-color-adjust: exact; box-sizing: border-box; }
        html { font: 9.5pt/1.45 "Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", serif; color: #111; }
        body { margin: 0 auto; max-width: 184mm; }
        h1 { font-size: 17pt; text-align: center; margin: 2mm 0 1mm; letter-spacing: .05em; }
        h2 { font-size: 13pt; margin: 0 0 2mm; padding-bottom: 1mm; border-bottom: 1.2pt solid #222; break-after: avoid; }
        h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }
        p { margin: 1mm 0 2mm; }
        .meta { text-align: center; color: #333; margin-bottom: 3mm; font-size: 9pt; }
        .demo { border: 1.5pt solid #b41e1e; color: #b41e1e; font-weight: bold; text-align: center; padding: 1.5mm; margin: 2mm 0 3mm;
          font-family: "Noto Sans CJK SC", sans-serif; }
        .lead { font-size: 10.5pt; }
        .note { font-size: 8pt; color: #333; border-top: .5pt solid #999; margin-top: 3mm; padding-top: 1.5mm; }
        .note li { margin: .5mm 0; }
        table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; }
        th, td { border: .5pt solid #777; padding: .8mm 1.3mm; vertical-align: top; text-align: left; }
        thead { display: table-header-group; }
        thead th { background: #e6eaf0; font-family: "Noto Sans CJK SC", sans-serif; font-weight: bold; font-size: 8.5pt; }
        tr { break-inside: avoid; page-break-inside: avoid; }
        tfoot td, tr.total td { font-weight: bold; background: #f3f3f3; }
        tr.township th { background: #f3f1ea; font-size: 9pt; }
        td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 8pt; white-space: nowrap; }
        td.fix div { margin: 0 0 .5mm; }
        .k { font-weight: bold; font-family: "Noto Sans CJK SC", sans-serif; }
        .why { color: #8a1c1c; }
        .small { font-size: 8pt; color: #444; }
        .soon { color: #1d5d1d; font-weight: bold; }
        section.county { break-before: page; }
        figure.map { margin: 2mm 0 3mm; text-align: center; break-inside: avoid; }
        figure.map img { max-width: 100%; max-height: 120mm; border: .5pt solid #777; }
        figure.map figcaption { font-size: 8pt; color: #444; }
        .chart { break-inside: avoid; }
        .target { break-inside: avoid; margin-bottom: 4mm; }
        .ok { color: #1d5d1d; font-weight: bold; }
        .bad { color: #8a1c1c; font-weight: bold; }
        .cols { display: flex; gap: 4mm; align-items: flex-start; }
        .cols > * { flex: 1; }
        @media screen { body { padding: 8mm 0; } }
        """;

    /// <summary>Opens the document: head with styles, the title, the line of facts under it and, for the demo data, the mark.</summary>
    public static async Task WriteStartAsync(TextWriter html, ReportText text, string title, string meta, bool isDemo)
    {
        await html.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{text.HtmlLang}">
            <head>
            <meta charset="utf-8">
            <meta name="generator" content="Infra">
            <title>{E(title)}</title>
            <style>{Css}</style>
            </head>
            <body>
            <header>
            <h1>{E(title)}</h1>
            <div class="meta">{E(meta)}</div>

            """);
        if (isDemo)
        {
            await html.WriteAsync($"<div class=\"demo\">{E(text.DemoMark)}</div>\n");
        }

        await html.WriteAsync("</header>\n");
    }

    public static Task WriteEndAsync(TextWriter html) => html.WriteAsync("</body>\n</html>\n");

    public static string Meta(ReportText text, DateOnly asOf, ReportHeader header, string? extra = null) =>
        text[$"数据日期：{asOf:yyyy-MM-dd}　{extra}生成时间：{header.GeneratedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm}（北京时间）　数据集：{header.DataSetName}",
            $"Data as of {asOf:yyyy-MM-dd} · {extra}generated {header.GeneratedAt:yyyy-MM-dd HH:mm} UTC · data set: {header.DataSetName}"];
}
