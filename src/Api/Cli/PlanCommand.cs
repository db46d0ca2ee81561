using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Jobs;
using Infra.Api.Features.Planning;
using Infra.Api.Http;

namespace Infra.Api.Cli;

/// <summary>
/// <c>./infra plan sites …</c> and <c>./infra plan fiber …</c>: the planning tools of <c>/api/planning</c>, run in
/// process as the same jobs (same checks, same results), printed as text, JSON or GeoJSON; <c>--save-as</c> saves a scenario.
/// </summary>
internal static class PlanCommand
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Command Create(string[] args)
    {
        var plan = new Command("plan", "Where new stations should stand and how to bring fiber to every village (the tools of /api/planning).");
        var asOf = new Option<string>("--as-of") { Description = "The network on this date, YYYY-MM-DD (default: today)" };
        var carrier = new Option<string>("--carrier") { Description = "Carrier the proposals are for (sites: cmcc, fiber: cnc by default)" };
        var saveAs = new Option<string>("--save-as") { Description = "Save the result as a scenario of this name" };
        var format = new Option<string>("--format") { Description = "text (default), json or geojson" };
        var output = new Option<string>("--out") { Description = "Write to this file instead of the terminal" };

        var count = new Option<int?>("--count") { Description = "How many sites (default 98, the plan's rural stations)" };
        var spacing = new Option<double?>("--spacing-m") { Description = "Spacing of the candidate grid, metres (default 2000)" };
        var technology = new Option<string>("--technology") { Description = "gsm (default), cdma, td_scdma, wcdma, cdma2000, lte, nr" };
        var radius = new Option<double?>("--radius-m") { Description = "Footprint radius of a new site, metres (default: the technology's)" };
        var objective = new Option<string>("--objective") { Description = "population (default) or villages" };
        var sites = new Command("sites", "Choose K rural sites that newly cover the most people without mobile coverage, with the bound.")
        {
            asOf, count, spacing, technology, radius, objective, carrier, saveAs, format, output,
        };
        sites.TreatUnmatchedTokensAsErrors = false;
        sites.SetAction((parse, ct) => RunAsync(args, parse, (sp, clock, errors) =>
        {
            var (e, day, options, code) = PlanningRequests.Siting(new SitingRequest(parse.GetValue(asOf), parse.GetValue(count), parse.GetValue(technology),
                parse.GetValue(radius), parse.GetValue(spacing), null, null, null, null, parse.GetValue(objective), parse.GetValue(carrier), null), clock);
            errors.AddRange(e);
            return (code, id => sp.GetRequiredService<PlanningRunner>().StartSiting(day, options!, id, parse.GetValue(saveAs), Requester.Of(sp.GetRequiredService<Actor>())));
        }, parse.GetValue(format), parse.GetValue(output), ct));
        plan.Subcommands.Add(sites);

        var budget = new Option<double?>("--budget-km") { Description = "Kilometres the budget allows (default 1400, the plan's)" };
        var detour = new Option<double?>("--detour") { Description = "Cable length per straight-line metre (default 1.3)" };
        var terminals = new Option<string>("--terminals") { Description = "administrative_villages (default) or township_seats" };
        var fiber = new Command("fiber", "Connect every administrative village without broadband to the fiber at least length; what the budget reaches.")
        {
            asOf, budget, detour, terminals, carrier, saveAs, format, output,
        };
        fiber.TreatUnmatchedTokensAsErrors = false;
        fiber.SetAction((parse, ct) => RunAsync(args, parse, (sp, clock, errors) =>
        {
            var (e, day, options, code) = PlanningRequests.Fiber(new FiberRequest(parse.GetValue(asOf), parse.GetValue(terminals), parse.GetValue(detour),
                parse.GetValue(budget), null, parse.GetValue(carrier), null), clock);
            errors.AddRange(e);
            return (code, id => sp.GetRequiredService<PlanningRunner>().StartFiber(day, options!, id, parse.GetValue(saveAs), Requester.Of(sp.GetRequiredService<Actor>())));
        }, parse.GetValue(format), parse.GetValue(output), ct));
        plan.Subcommands.Add(fiber);
        return plan;
    }

    private delegate (string Carrier, Func<short, string> Start) Prepare(IServiceProvider services, TimeProvider clock, List<FieldError> errors);

    private static async Task<int> RunAsync(string[] args, ParseResult parse, Prepare prepare, string? format, string? output, CancellationToken ct)
    {
        if (parse.UnmatchedTokens.FirstOrDefault(t => !(t.StartsWith("--", StringComparison.Ordinal) && t.Contains('=', StringComparison.Ordinal))) is { } unknown)
        {
            await Console.Error.WriteLineAsync($"error: unknown option or argument '{unknown}' (see: plan {parse.CommandResult.Command.Name} --help)");
            return 2;
        }

        var fmt = (format ?? "text").ToLowerInvariant();
        return await InfraCli.WithDatabaseAsync(args, loadDemo: true, async (sp, token) =>
        {
            var errors = new List<FieldError>();
            if (fmt is not ("text" or "json" or "geojson"))
            {
                errors.Add(new FieldError("format", "format is text, json or geojson."));
            }

            PlanningRequests.SaveAs(parse.GetValue<string>("--save-as"), errors);
            var (carrier, start) = prepare(sp, sp.GetRequiredService<TimeProvider>(), errors);
            var carrierId = await PlanningRequests.CarrierAsync(sp.GetRequiredService<CoverageService>(), carrier, errors, token);
            if (errors.Count > 0)
            {
                foreach (var e in errors)
                {
                    await Console.Error.WriteLineAsync($"error: {e.Field}: {e.Message}");
                }

                return 2;
            }

            var jobs = sp.GetRequiredService<JobQueue>();
            var job = await jobs.WaitAsync(start(carrierId), token);
            if (job?.Status != "succeeded")
            {
                await Console.Error.WriteLineAsync($"error: the job {job?.Status}: {JsonSerializer.Serialize(job?.Problem, WireJson.Options)}");
                return 1;
            }

            var text = (fmt, job.Result) switch
            {
                ("json", var r) => JsonSerializer.Serialize(r, WireJson.Options),
                ("geojson", SitingResponse r) => JsonSerializer.Serialize(r.Sites, WireJson.Options),
                ("geojson", FiberResponse r) => JsonSerializer.Serialize(r.Segments, WireJson.Options),
                (_, SitingResponse r) => Text(r),
                (_, FiberResponse r) => Text(r, await sp.GetRequiredService<CoverageService>().NetworkAsync()),
                _ => throw new InvalidOperationException("A planning job returned an unknown result."),
            };
            if (output is null)
            {
                Console.WriteLine(text);
            }
            else
            {
                await File.WriteAllTextAsync(output, text + "\n", new UTF8Encoding(false), token);
            }

            return 0;
        }, ct, services => services.AddSingleton<CoverageService>().AddSingleton<JobQueue>().AddSingleton<PlanningRunner>());
    }

    private static string Text(SitingResponse r)
    {
        var s = r.Summary;
        var b = new StringBuilder();
        b.AppendLine(Invariant, $"Station siting as of {s.AsOf:yyyy-MM-dd}: {s.Sites} sites ({s.Technology}, radius {s.RadiusM:N0} m) from {s.Candidates:N0} rural candidates");
        b.AppendLine(Invariant, $"  without mobile coverage: {s.UnservedPopulation:N0} people in {s.UnservedVillages:N0} natural villages");
        b.AppendLine(Invariant, $"  newly covered:           {s.NewPopulation:N0} people ({Share(s.NewPopulation, s.UnservedPopulation)}), {s.NewVillages:N0} natural villages");
        b.AppendLine(Invariant, $"  upper bound:             {s.UpperBound:N0} {(s.Objective == "population" ? "people" : "villages")}: the choice reaches at least {s.ProvenRatio:P1} of the best possible (greedy guarantee {s.GreedyGuarantee:P1})");
        if (r.ScenarioId is { } id)
        {
            b.AppendLine(Invariant, $"  saved as scenario {id}");
        }

        b.AppendLine();
        b.AppendLine("rank  lon         lat        county  township   new people  villages  source");
        foreach (var f in r.Sites.Features)
        {
            var p = f.Properties;
            var at = f.Geometry!.Coordinate;
            b.AppendLine(Invariant, $"{p.Rank,4}  {at.X,10:F5}  {at.Y,9:F5}  {p.CountyCode,-6}  {p.TownshipCode,-9}  {p.NewPopulation,10:N0}  {p.NewVillages,8}  {p.Source}");
        }

        return b.ToString().TrimEnd();
    }

    private static string Text(FiberResponse r, NetworkSnapshot network)
    {
        var s = r.Summary;
        var b = new StringBuilder();
        b.AppendLine(Invariant, $"Fiber extension as of {s.AsOf:yyyy-MM-dd}: {s.TerminalCount:N0} {s.Terminals.Replace('_', ' ')} without broadband to connect (detour {s.DetourFactor})");
        b.AppendLine(Invariant, $"  to connect every one:  {s.TotalKm:N1} km (lower bound {s.LowerBoundKm:N1} km; ratio {s.RatioToLowerBound:N3})");
        b.AppendLine(Invariant, $"  budget {s.BudgetKm:N0} km reaches: {s.TerminalsWithinBudget:N0} of {s.TerminalCount:N0} ({s.ShareWithinBudget:P1}), {s.PopulationWithinBudget:N0} people, using {s.BudgetUsedKm:N1} km");
        if (s.Unreachable.Count > 0)
        {
            b.AppendLine(Invariant, $"  unreachable (no fiber within reach): {string.Join(", ", s.Unreachable)}");
        }

        if (r.ScenarioId is { } id)
        {
            b.AppendLine(Invariant, $"  saved as scenario {id}");
        }

        b.AppendLine();
        b.AppendLine("county  name      km");
        foreach (var (code, km) in s.KmByCounty.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            b.AppendLine(Invariant, $"{code}  {network.Counties.FirstOrDefault(c => c.Code == code)?.Name,-6}  {km,8:N1}");
        }

        return b.ToString().TrimEnd();
    }

    private static string Share(long part, long whole) => whole == 0 ? "–" : ((double)part / whole).ToString("P1", Invariant);
}
