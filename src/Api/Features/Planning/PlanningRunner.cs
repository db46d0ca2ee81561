using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Jobs;
using Infra.Domain.Planning;

namespace Infra.Api.Features.Planning;

/// <summary>
/// Runs the planning tools as jobs over the cached coverage of the requested date. With <c>saveAs</c> the result is
/// saved as a new scenario (written under the requester's role) and the result carries its id.
/// </summary>
public sealed class PlanningRunner(JobQueue jobs, CoverageService coverage, IServiceScopeFactory scopes, TimeProvider clock)
{
    public string StartSiting(DateOnly asOf, SitingOptions options, short carrierId, string? saveAs, Requester requester) =>
        jobs.Start("station-siting", async (progress, ct) =>
        {
            progress.Report("computing coverage", 0.05);
            var snapshot = await coverage.GetAsync(asOf, ct);
            var network = await coverage.NetworkAsync().WaitAsync(ct);
            progress.Report("choosing sites", 0.3);
            var result = await Task.Run(() => StationSiting.Solve(snapshot.Result, network.Regions, options, ct), ct);
            int? scenarioId = null;
            if (saveAs is not null)
            {
                progress.Report("saving the scenario", 0.95);
                scenarioId = await SaveAsync(PlanningScenarios.FromSiting(saveAs, result, carrierId, clock.GetUtcNow()), requester, ct);
            }

            return PlanningMapping.ToDto(result, scenarioId, clock.GetUtcNow());
        });

    public string StartFiber(DateOnly asOf, FiberOptions options, short carrierId, string? saveAs, Requester requester) =>
        jobs.Start("fiber-extension", async (progress, ct) =>
        {
            progress.Report("computing coverage", 0.05);
            var snapshot = await coverage.GetAsync(asOf, ct);
            var network = await coverage.NetworkAsync().WaitAsync(ct);
            progress.Report("building the route graph and the Steiner tree", 0.3);
            var result = await Task.Run(() => FiberExtension.Solve(snapshot.Result, network.Regions, network.Counties, options, ct), ct);
            int? scenarioId = null;
            if (saveAs is not null)
            {
                progress.Report("saving the scenario", 0.95);
                scenarioId = await SaveAsync(PlanningScenarios.FromFiber(saveAs, result, network.Input, carrierId, clock.GetUtcNow()), requester, ct);
            }

            return PlanningMapping.ToDto(result, scenarioId, clock.GetUtcNow());
        });

    private async Task<int> SaveAsync(Scenario scenario, Requester requester, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        requester.ActAs(scope.ServiceProvider.GetRequiredService<Actor>());
        var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
        db.Scenarios.Add(scenario);
        await db.SaveChangesAsync(ct);
        return scenario.Id;
    }
}
