using Microsoft.Net.Http.Headers;

namespace Infra.Api.Features.Reports;

/// <summary>Downloadable reports: villages without a service, the plan's progress and a scenario, as HTML, PDF, XLSX, CSV and GIS files.</summary>
public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").WithTags("Reports");
        api.MapGet("/unserved-villages", GetUnserved).WithName("GetUnservedVillagesReport")
            .WithSummary("Villages without a service on a date, by county and township, largest population first, with the nearest assets and what is being built: html, pdf, xlsx, csv, geojson or gpkg.");
        api.MapGet("/plan-progress", GetPlanProgress).WithName("GetPlanProgressReport")
            .WithSummary("Every target of a plan on a date (value, goal, % achieved, met, projection), by county and by year with a chart: html, pdf, xlsx or csv.");
        api.MapGet("/scenario", GetScenario).WithName("GetScenarioReport")
            .WithSummary("A scenario against the network alone on its base date: summary, coverage before/after by county and service, the plan's targets, the proposals: html, pdf, xlsx, csv (table=proposals|coverage|targets), geojson or gpkg.");
    }

    private static async Task<IResult> GetUnserved(ReportService reports, string? service, string? level, string? county, string? township,
        string? asOf, string? format, string? lang, string? bom, CancellationToken ct)
    {
        var (report, problem) = await reports.PrepareUnservedAsync(new UnservedParams(service, level, county, township, asOf, format, lang, bom), ct);
        return report is null ? ToResult(problem!) : new ReportResult(report);
    }

    private static async Task<IResult> GetPlanProgress(ReportService reports, string? plan, string? asOf, string? format, string? lang, string? bom,
        CancellationToken ct)
    {
        var (report, problem) = await reports.PreparePlanProgressAsync(new PlanProgressParams(plan, asOf, format, lang, bom), ct);
        return report is null ? ToResult(problem!) : new ReportResult(report);
    }

    private static async Task<IResult> GetScenario(ReportService reports, string? scenario, string? plan, string? format, string? lang, string? table,
        string? bom, CancellationToken ct)
    {
        var (report, problem) = await reports.PrepareScenarioAsync(new ScenarioParams(scenario, plan, format, lang, table, bom), ct);
        return report is null ? ToResult(problem!) : new ReportResult(report);
    }

    private static IResult ToResult(ReportProblem problem) => TypedResults.Problem(title: problem.Title, detail: problem.Detail, statusCode: problem.Status,
        extensions: problem.Errors is null ? null : new Dictionary<string, object?> { ["errors"] = problem.Errors });

    /// <summary>Writes the report into the response as it is produced: headers first, then the rows.</summary>
    private sealed class ReportResult(PreparedReport report) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = report.ContentType;
            var inline = report.Format is ReportFormat.Html or ReportFormat.Pdf;
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue(inline ? "inline" : "attachment") { FileNameStar = report.FileName }.ToString();
            response.Headers["Infra-Demo-Data"] = report.Header.IsDemo ? "true" : "false";
            response.Headers.CacheControl = "no-store";
            await report.WriteAsync(response.Body, httpContext.RequestAborted);
        }
    }
}
