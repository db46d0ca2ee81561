using Infra.Api.Data;
using Infra.Api.Features.Scenarios;
using Infra.Api.Http;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Planning;
using Infra.Domain.Plans;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Reports;

/// <summary>The scenario report's parameters as they arrive (query string or CLI options), before checking.</summary>
public sealed record ScenarioParams(string? Scenario, string? Plan, string? Format, string? Lang, string? Table, string? Bom);

/// <summary>Which table a CSV holds (a CSV is one table; XLSX has them all, one sheet each).</summary>
public enum ScenarioTable
{
    Proposals = 1,
    Coverage = 2,
    Targets = 3,
}

/// <summary>One figure of the summary: a machine name, its words, and a number.</summary>
public sealed record SummaryItem(string Name, string Zh, string En, double Value, ColumnType Type);

/// <summary>One proposal with the names a reader needs (carrier and county), and where it stands (a cable: from where to where).</summary>
public sealed record ProposalRow(ProposedAsset Asset, Carrier? Carrier, string? CountyName)
{
    public Point Start => Asset.Geometry as Point ?? ((LineString)Asset.Geometry).StartPoint;

    public Point? End => Asset.Geometry is LineString line ? line.EndPoint : null;

    public string? Technology => Asset.RadioTechnology is { } r ? WireNames.Of(r) : Asset.AccessTechnology is { } t ? WireNames.Of(t) : null;
}

/// <summary>
/// One region and service before (the network alone on the base date) and after (with the scenario): the shares are
/// exactly those of <c>/api/scenarios/compare?a={id}&amp;b=baseline</c>; the counts are the same evaluations' tallies.
/// </summary>
public sealed record CoverageRow(string Code, string Name, string Level, string Service, ShareTriple Before, ShareTriple After,
    int NewAdministrative, int NewNatural, long NewPopulation)
{
    public bool Changed => NewAdministrative != 0 || NewNatural != 0 || NewPopulation != 0;

    public static double? Change(double? before, double? after) => before is { } b && after is { } a ? Math.Round(a - b, 6) : null;
}

/// <summary>
/// A scenario on its base date: what it proposes, what coverage and the plan's targets would be with it against the
/// network alone. Every figure comes from the engine behind <c>/api/scenarios/compare</c> (<see cref="ScenarioCompare.ComputeAsync"/>).
/// </summary>
public sealed record ScenarioReport(Scenario Scenario, ReportHeader Header, Plan? Plan, IReadOnlyList<SummaryItem> Summary,
    IReadOnlyList<CoverageRow> Coverage, IReadOnlyList<TargetComparison> Targets, IReadOnlyList<ProposalRow> Proposals,
    ReportLanguage Language, ScenarioTable Table, bool Bom)
{
    public string FileName(ReportFormat format) => format == ReportFormat.Csv
        ? $"scenario-{Scenario.Id}-{WireNames.Of(Table)}-{Scenario.BaseDate:yyyy-MM-dd}.csv"
        : $"scenario-{Scenario.Id}-{Scenario.BaseDate:yyyy-MM-dd}.{ReportFormats.Extension(format)}";

    public string Title(ReportText text) => text[$"规划方案“{Scenario.Name}”报告", $"Scenario report: {Scenario.Name}"];

    public string Meta(ReportText text) => ReportHtml.Meta(text, Scenario.BaseDate, Header,
        text[$"方案编号：{Scenario.Id}（现网基准日期即数据日期）　", $"scenario {Scenario.Id} on the network of that date · "]);

    public string TargetName(TargetComparison t, ReportText text) => text.Chinese || t.NameEn.Length == 0 ? t.Name : t.NameEn;

    public string CarrierName(ProposalRow row, ReportText? text) => row.Carrier is not { } c ? "?" : text is null ? c.Code : text.Chinese ? c.ShortName : c.NameEn;

    /// <summary>Builds the report from the comparison with the baseline (a = the scenario = after, b = the network alone = before).</summary>
    public static ScenarioReport Build(Scenario scenario, ReportHeader header, Plan? plan, ScenarioComparison comparison, CoverageSummary before,
        CoverageSummary after, Coverage.NetworkSnapshot network, ReportLanguage language, ScenarioTable table, bool bom)
    {
        var coverage = new List<CoverageRow>();
        foreach (var region in comparison.Regions)
        {
            var (b, a) = region.Level == "city" ? (before.City, after.City) : (before.Counties[region.Code], after.Counties[region.Code]);
            foreach (var (service, shares) in region.Services)
            {
                var s = WireNames.Parse<Service>(service, "service", [])!.Value;
                coverage.Add(new CoverageRow(region.Code, region.Name, region.Level, service, shares.B, shares.A,
                    a[s, PlaceGroup.Administrative].Served - b[s, PlaceGroup.Administrative].Served,
                    a[s, PlaceGroup.Natural].Served - b[s, PlaceGroup.Natural].Served,
                    a[s, PlaceGroup.Populated].PopulationServed - b[s, PlaceGroup.Populated].PopulationServed));
            }
        }

        var carriers = network.Carriers.ToDictionary(c => c.Id);
        var counties = network.Counties.ToDictionary(c => c.Code, c => c.Name, StringComparer.Ordinal);
        var proposals = scenario.Assets.OrderBy(a => a.Sequence)
            .Select(a => new ProposalRow(a, carriers.GetValueOrDefault(a.CarrierId), a.CountyCode is { } c ? counties.GetValueOrDefault(c) : null)).ToList();
        var stats = ScenarioMapping.Stats.Of(scenario.Assets);
        var city = coverage.Where(r => r.Level == "city").ToDictionary(r => r.Service, StringComparer.Ordinal);
        List<SummaryItem> summary =
        [
            new("stations", "新建基站（个）", "Proposed base stations", stats.Stations, ColumnType.Integer),
            new("fiber_km", "新建光缆（公里）", "Fiber to lay (km)", Math.Round(stats.FiberKm, 3), ColumnType.Real),
            new("access_points", "新建接入网点（个）", "Proposed access points", stats.AccessPoints, ColumnType.Integer),
            new("new_mobile_population", "新增移动通信覆盖人口", "People newly with mobile coverage", city["mobile"].NewPopulation, ColumnType.Integer),
            new("new_mobile_natural_villages", "新增移动通信覆盖自然村", "Natural villages newly with mobile", city["mobile"].NewNatural, ColumnType.Integer),
            new("new_broadband_population", "新增宽带覆盖人口", "People newly with broadband", city["broadband"].NewPopulation, ColumnType.Integer),
            new("new_broadband_admin_villages", "新通宽带行政村", "Administrative villages newly with broadband", city["broadband"].NewAdministrative, ColumnType.Integer),
        ];
        return new ScenarioReport(scenario, header, plan, summary, coverage, comparison.Targets, proposals, language, table, bom);
    }
}

public sealed partial class ReportService
{
    public static IReadOnlyList<ReportFormat> ScenarioFormats { get; } = Enum.GetValues<ReportFormat>();

    public async Task<(PreparedReport? Report, ReportProblem? Problem)> PrepareScenarioAsync(ScenarioParams p, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        int? id = null;
        if (string.IsNullOrWhiteSpace(p.Scenario))
        {
            errors.Add(new FieldError("scenario", "scenario is required: a scenario id (/api/scenarios lists them)."));
        }
        else if (int.TryParse(p.Scenario, out var parsed) && parsed > 0)
        {
            id = parsed;
        }
        else
        {
            errors.Add(new FieldError("scenario", $"'{p.Scenario}' is not a scenario id (a positive whole number)."));
        }

        var format = ReportFormats.Parse(p.Format, ScenarioFormats, errors);
        var language = ReportFormats.ParseLanguage(p.Lang, errors);
        var table = p.Table is null ? ScenarioTable.Proposals : WireNames.Parse<ScenarioTable>(p.Table, "table", errors);
        if (p.Table is not null && table is not null and not ScenarioTable.Proposals && format is not null and not ReportFormat.Csv)
        {
            errors.Add(new FieldError("table", "table chooses the table of a CSV; xlsx has every table, geojson and gpkg the proposals."));
        }

        var bom = ParseBool(p.Bom, "bom", errors);
        if (errors.Count > 0)
        {
            return (null, ReportProblem.Invalid(errors));
        }

        Scenario? scenario;
        Plan? plan;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
            scenario = await ScenarioEvaluationApi.LoadAsync(db, id!.Value, ct);
            plan = scenario is null ? null : await ScenarioEvaluationApi.PlanAsync(db, p.Plan, ct);
        }

        if (scenario is null)
        {
            return (null, new ReportProblem(StatusCodes.Status404NotFound, "Not found.", $"There is no scenario {id}.",
                [new FieldError("scenario", $"There is no scenario {id} (/api/scenarios lists them).")]));
        }

        if (p.Plan is not null && plan is null)
        {
            return (null, ReportProblem.Invalid([new FieldError("plan", ScenarioEvaluationApi.PlanMissing(p.Plan))]));
        }

        if (format == ReportFormat.Pdf && Unavailable() is { } missing)
        {
            return (null, missing);
        }

        if (format == ReportFormat.Pdf && scenario.Assets.Count > options.Value.MaxPdfRows)
        {
            return (null, new ReportProblem(StatusCodes.Status413PayloadTooLarge, "The report is too large to print.",
                $"{scenario.Assets.Count:N0} proposals are more than a PDF may hold ({options.Value.MaxPdfRows:N0}, Infra:Reports:MaxPdfRows). Download it as xlsx, csv, geojson or gpkg.",
                [new FieldError("format", "Too many proposals for a PDF; choose a data format.")]));
        }

        var comparison = await ScenarioCompare.ComputeAsync(coverage, scenario, null, plan, ct);
        var before = (await coverage.GetAsync(scenario.BaseDate, ct)).Summary;
        var after = (await coverage.GetAsync(scenario.BaseDate, ct, null, Coverage.ScenarioView.Of(scenario))).Summary;
        var network = await coverage.NetworkAsync().WaitAsync(ct);
        var report = ScenarioReport.Build(scenario, await HeaderAsync(ct), plan, comparison, before, after, network, language!.Value, table!.Value, bom);
        var text = new ReportText(report.Language);
        return (new PreparedReport(report.FileName(format!.Value), format.Value, report.Header, (output, token) => format switch
        {
            ReportFormat.Html => WriteHtmlAsync(output, html => ScenarioHtml.WriteAsync(report, text, html, token), token),
            ReportFormat.Pdf => PrintAsync(output, html => ScenarioHtml.WriteAsync(report, text, html, token), token),
            ReportFormat.Xlsx => ThroughPipeAsync(output, stream => ScenarioTables.WriteXlsxAsync(report, text, stream, token), token),
            ReportFormat.Csv => ScenarioTables.WriteCsvAsync(report, output, token),
            _ => ScenarioTables.WriteGeoAsync(report, format == ReportFormat.GeoJson ? "geojson" : "gpkg", output, token),
        }), null);
    }
}
