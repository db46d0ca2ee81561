using System.CommandLine;
using Infra.Api.Features.MapHost;
using Infra.Api.Features.Reports;

namespace Infra.Api.Cli;

/// <summary>
/// <c>./infra report unserved …</c>, <c>./infra report plan-progress …</c> and <c>./infra report scenario …</c>: the same reports as
/// <c>/api/reports/…</c>, made by the same <see cref="ReportService"/>, written to a file.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(string[] args)
    {
        var report = new Command("report", "Write a report to a file (the same reports as /api/reports).");
        var asOf = new Option<string>("--as-of") { Description = "Data date, YYYY-MM-DD (default: today)" };
        var format = new Option<string>("--format") { Description = "html (default), pdf, xlsx, csv; for unserved and scenario also geojson, gpkg" };
        var lang = new Option<string>("--lang") { Description = "zh (default) or en" };
        var bom = new Option<bool>("--bom") { Description = "CSV: begin with a UTF-8 byte-order mark so Excel reads Chinese correctly" };
        var output = new Option<string>("--out") { Description = "File to write (default: the report's own name in the current directory)" };

        var service = new Option<string>("--service") { Description = "mobile, broadband, phone, cable_tv, radio or tv", Required = true };
        var level = new Option<string>("--level") { Description = "admin (行政村, default) or natural (自然村)" };
        var county = new Option<string>("--county") { Description = "6-digit county code (default: the whole city)" };
        var township = new Option<string>("--township") { Description = "9-digit township code" };
        var unserved = new Command("unserved", "Villages without a service on a date, by county and township, largest population first.")
        {
            service, level, county, township, asOf, format, lang, bom, output,
        };
        unserved.TreatUnmatchedTokensAsErrors = false;
        unserved.SetAction((parse, ct) => RunAsync(args, parse, parse.GetValue(output), (reports, token) => reports.PrepareUnservedAsync(new UnservedParams(
            parse.GetValue(service), parse.GetValue(level), parse.GetValue(county), parse.GetValue(township), parse.GetValue(asOf),
            parse.GetValue(format), parse.GetValue(lang), parse.GetValue(bom) ? "true" : null), token), ct));
        report.Subcommands.Add(unserved);

        var plan = new Option<string>("--plan") { Description = "Plan id or code (default: the first plan)" };
        var progress = new Command("plan-progress", "Every target of a plan on a date, by county and by year.") { plan, asOf, format, lang, bom, output };
        progress.TreatUnmatchedTokensAsErrors = false;
        progress.SetAction((parse, ct) => RunAsync(args, parse, parse.GetValue(output), (reports, token) => reports.PreparePlanProgressAsync(new PlanProgressParams(
            parse.GetValue(plan), parse.GetValue(asOf), parse.GetValue(format), parse.GetValue(lang), parse.GetValue(bom) ? "true" : null), token), ct));
        report.Subcommands.Add(progress);

        var scenarioId = new Option<string>("--scenario") { Description = "Scenario id (./infra plan … --save-as or /api/scenarios)", Required = true };
        var table = new Option<string>("--table") { Description = "CSV: proposals (default), coverage or targets" };
        var scenario = new Command("scenario", "A scenario against the network alone on its base date: coverage, targets and proposals.")
        {
            scenarioId, plan, format, lang, table, bom, output,
        };
        scenario.TreatUnmatchedTokensAsErrors = false;
        scenario.SetAction((parse, ct) => RunAsync(args, parse, parse.GetValue(output), (reports, token) => reports.PrepareScenarioAsync(new ScenarioParams(
            parse.GetValue(scenarioId), parse.GetValue(plan), parse.GetValue(format), parse.GetValue(lang), parse.GetValue(table),
            parse.GetValue(bom) ? "true" : null), token), ct));
        report.Subcommands.Add(scenario);
        return report;
    }

    /// <summary>Prepares the report and writes it through <see cref="OutputFile"/>, so a failed report leaves nothing behind.</summary>
    private static async Task<int> RunAsync(string[] args, ParseResult parse, string? output,
        Func<ReportService, CancellationToken, Task<(PreparedReport? Report, ReportProblem? Problem)>> prepare, CancellationToken ct)
    {
        // Settings may follow as --Key=Value (e.g. --ConnectionStrings:Infra=…, as for every verb); anything else is a mistake.
        if (parse.UnmatchedTokens.FirstOrDefault(t => !(t.StartsWith("--", StringComparison.Ordinal) && t.Contains('=', StringComparison.Ordinal))) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"error: unknown option or argument '{unknown}' (see: report {parse.CommandResult.Command.Name} --help)");
            return 2;
        }

        return await InfraCli.WithDatabaseAsync(args, loadDemo: true, async (sp, token) =>
        {
            var (report, problem) = await prepare(sp.GetRequiredService<ReportService>(), token);
            if (report is null)
            {
                foreach (var error in problem!.Errors ?? [])
                {
                    await Console.Error.WriteLineAsync($"error: {error.Field}: {error.Message}");
                }

                await Console.Error.WriteLineAsync($"{problem.Title} {problem.Detail}");
                return problem.Status == StatusCodes.Status400BadRequest ? 2 : 1;
            }

            var path = Path.GetFullPath(output ?? report.FileName);
            if (await OutputFile.WriteAsync(path, file => report.WriteAsync(file, token)) is { } unwritable)
            {
                await Console.Error.WriteLineAsync($"error: {unwritable}");
                return 2;
            }

            Console.WriteLine($"Wrote {path} ({new FileInfo(path).Length:N0} bytes){(report.Header.IsDemo ? " — generated demo data" : "")}.");
            return 0;
        }, ct, services => services.AddInfraReports().AddInfraMapHost());
    }
}
