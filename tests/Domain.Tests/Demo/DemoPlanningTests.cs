using Infra.Domain.Planning;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Domain.Tests.Demo;

/// <summary>The planning tools on the demo data as of the end of 2005, the plan's starting point.</summary>
public class DemoPlanningTests(DemoFixture demo)
{
    private static readonly DateOnly End2005 = new(2005, 12, 31);

    [Fact]
    public void Siting_proposes_98_rural_sites_with_a_bound_that_proves_how_close_they_are()
    {
        var coverage = demo.CoverageOn(End2005);
        var regions = new RegionLocator(demo.Data.Townships);
        var result = StationSiting.Solve(coverage, regions, new SitingOptions(), TestContext.Current.CancellationToken);

        Assert.Equal(98, result.Sites.Count);
        Assert.All(result.Sites, s => Assert.True(regions.Locate(Geo.Wgs84.Point(s.Lon, s.Lat))!.IsRural));
        Assert.True(result.NewPopulation > 0);
        Assert.Equal(result.NewPopulation, result.Sites.Sum(s => s.NewPopulation));
        Assert.True(result.UpperBound >= result.Objective);
        Assert.InRange(result.ProvenRatio, 1 - (1 / Math.E), 1);
        Assert.True(result.Sites.Zip(result.Sites.Skip(1)).All(p => p.First.NewPopulation >= p.Second.NewPopulation), "greedy gains never grow");

        var coveredCodes = result.Sites.SelectMany(s => s.VillageCodes).ToList();
        Assert.Equal(coveredCodes.Count, coveredCodes.Distinct().Count());
        Assert.All(coveredCodes, c => Assert.False(coverage.IsServed(coverage.IndexOf(c), Service.Mobile)));

        var again = StationSiting.Solve(coverage, regions, new SitingOptions(), TestContext.Current.CancellationToken);
        Assert.Equal(result.Sites.Select(s => (s.Lon, s.Lat)), again.Sites.Select(s => (s.Lon, s.Lat)));
    }

    [Fact]
    public void Fiber_extension_connects_every_unserved_village_and_reports_what_the_budget_buys()
    {
        var coverage = demo.CoverageOn(End2005);
        var regions = new RegionLocator(demo.Data.Townships);
        var result = FiberExtension.Solve(coverage, regions, demo.Data.Counties, new FiberOptions(), TestContext.Current.CancellationToken);

        var unserved = coverage.Unserved(Service.Broadband, VillageKind.Administrative).Count();
        Assert.Equal(unserved, result.Terminals.Count + result.Unreachable.Count);
        Assert.Empty(result.Unreachable);
        Assert.InRange(result.LowerBoundKm, 1, result.TotalKm);
        Assert.InRange(result.BudgetUsedKm, 0, 1_400);
        Assert.InRange(result.TerminalsWithinBudget, 1, result.Terminals.Count - 1);
        Assert.Equal(result.TotalKm, result.KmByCounty.Values.Sum(), result.TotalKm * 0.02);

        // Every terminal's link is in the tree, and each segment serves exactly the terminals below it.
        var served = result.Segments.SelectMany(s => s.Serves).ToHashSet();
        Assert.All(result.Terminals, t => Assert.Contains(t.Code, served));
        Assert.All(result.Terminals, t => Assert.True(t.PathKm >= 0));
        Assert.Contains(result.Terminals, t => t.PathKm > 0);
        Assert.All(result.Segments.Where(s => s.NetworkRouteId is not null), s => Assert.Null(s.FromCode));
    }
}
