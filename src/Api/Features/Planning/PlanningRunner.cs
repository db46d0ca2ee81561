using Infra.Api.Features.Coverage;
using Infra.Api.Features.Jobs;
using Infra.Domain.Planning;

namespace Infra.Api.Features.Planning;

/// <summary>Runs the planning tools as jobs over the cached coverage of the requested date.</summary>
public sealed class PlanningRunner(JobQueue jobs, CoverageService coverage, TimeProvider clock)
{
    public string StartSiting(DateOnly asOf, SitingOptions options, string carrier, string? saveAs) =>
        jobs.Start("station-siting", async (progress, ct) =>
        {
            progress.Report("computing coverage", 0.05);
            var snapshot = await coverage.GetAsync(asOf, ct);
            var network = await coverage.NetworkAsync().WaitAsync(ct);
            progress.Report("choosing sites", 0.3);
            var result = await Task.Run(() => StationSiting.Solve(snapshot.Result, network.Regions, options, ct), ct);
            return PlanningMapping.ToDto(result, null, clock.GetUtcNow());
        });

    public string StartFiber(DateOnly asOf, FiberOptions options, string carrier, string? saveAs) =>
        jobs.Start("fiber-extension", async (progress, ct) =>
        {
            progress.Report("computing coverage", 0.05);
            var snapshot = await coverage.GetAsync(asOf, ct);
            var network = await coverage.NetworkAsync().WaitAsync(ct);
            progress.Report("building the route graph and the Steiner tree", 0.3);
            var result = await Task.Run(() => FiberExtension.Solve(snapshot.Result, network.Regions, network.Counties, options, ct), ct);
            return PlanningMapping.ToDto(result, null, clock.GetUtcNow());
        });
}
