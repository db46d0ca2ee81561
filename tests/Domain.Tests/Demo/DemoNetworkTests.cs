using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Infra.Geodata;
using Infra.Geodata.Network;
using NetTopologySuite.Geometries.Prepared;

namespace Infra.Domain.Tests.Demo;

/// <summary>The generated network adds up to the plan's 2005 baseline exactly and gives its 2005 coverage figures.</summary>
public class DemoNetworkTests(DemoFixture demo)
{
    private static readonly DateOnly End2005 = new(2005, 12, 31);

    private DemoData D => demo.Data;

    private static bool InService(Asset a) => a.Lifecycle.InServiceOn(End2005);

    [Fact]
    public void The_2005_network_adds_up_to_the_plans_baseline_exactly()
    {
        var fixedNodes = D.SwitchingNodes.Where(n => InService(n) && n.NodeKind is SwitchingNodeKind.LocalExchange or SwitchingNodeKind.RemoteModule).ToList();
        Assert.Equal(1_235_000, fixedNodes.Sum(n => n.CapacityLines));
        Assert.Equal(741_000, fixedNodes.Sum(n => n.SubscribersInUse));
        Assert.Equal([Carriers.Netcom.Id, Carriers.Telecom.Id], fixedNodes.Select(n => n.CarrierId).Distinct().Order());

        var phs = D.SwitchingNodes.Where(n => InService(n) && n.NodeKind == SwitchingNodeKind.PhsController).ToList();
        Assert.Equal(180_000, phs.Sum(n => n.CapacityLines));
        Assert.Equal(138_000, phs.Sum(n => n.SubscribersInUse));

        var access = D.AccessPoints.Where(InService).ToList();
        Assert.Equal(56_000, access.Sum(a => a.Ports));
        Assert.Equal(36_000, access.Sum(a => a.PortsUsed));

        var msc = D.SwitchingNodes.Where(n => InService(n) && n.NodeKind == SwitchingNodeKind.Msc).ToList();
        Assert.Equal(1_650_000, msc.Sum(n => n.CapacityLines));
        Assert.Equal([Carriers.Mobile.Id, Carriers.Unicom.Id], msc.Select(n => n.CarrierId).Distinct().Order());

        Assert.Equal(Baseline2005.CableTvSubscribers, D.Filings.Where(f => f.Service == FiledService.CableTv && f.CountsOn(End2005)).Sum(f => f.Subscribers));
    }

    [Fact]
    public void The_2005_coverage_is_the_plans()
    {
        var summary = CoverageSummary.From(demo.CoverageOn(End2005));
        Assert.Equal(1.0, summary.City[Service.Phone, PlaceGroup.Administrative].Share);
        Assert.InRange(summary.City[Service.Phone, PlaceGroup.Natural].Share!.Value, 0.98, 0.995);
        Assert.InRange(summary.City[Service.Radio, PlaceGroup.Populated].PopulationShare!.Value, 0.965, 0.975);
        Assert.InRange(summary.City[Service.Tv, PlaceGroup.Populated].PopulationShare!.Value, 0.945, 0.955);
    }

    [Fact]
    public void Stations_are_dense_in_towns_and_sparse_in_the_countryside()
    {
        var rural = D.Townships.Where(t => t.IsRural).ToList();
        var urban = D.Townships.Where(t => !t.IsRural).ToList();
        double Density(IEnumerable<Township> townships)
        {
            var list = townships.Select(t => (Township: t, Prepared: PreparedGeometryFactory.Prepare(t.Boundary))).ToList();
            var stations = D.BaseStations.Count(s => InService(s) && list.Any(t => t.Prepared.Covers(s.Location)));
            return stations / list.Sum(t => Geo.Geodesic.AreaKm2(t.Township.Boundary));
        }

        Assert.True(Density(urban) > 10 * Density(rural), "town density should be an order of magnitude above the countryside's");
    }

    [Fact]
    public void The_build_out_meets_some_of_the_plans_2006_2007_targets_and_misses_others()
    {
        var from = new DateOnly(2006, 1, 1);
        var to = new DateOnly(2007, 12, 31);
        bool New(Asset a) => a.Lifecycle.CommissionedOn >= from && a.Lifecycle.CommissionedOn <= to;
        var rural = D.Townships.Where(t => t.IsRural).Select(t => PreparedGeometryFactory.Prepare(t.Boundary)).ToList();
        bool Rural(NetTopologySuite.Geometries.Point p) => rural.Any(t => t.Covers(p));

        Assert.True(D.BaseStations.Count(s => New(s) && Rural(s.Location)) >= 98, "the plan's 98 new rural stations are met");
        Assert.True(D.AccessPoints.Count(a => New(a) && a.Integrated && Rural(a.Location)) < 1000, "the 1,000 rural integrated access points are missed");
        Assert.True(D.SwitchingNodes.Where(n => New(n) && n.NodeKind is SwitchingNodeKind.LocalExchange or SwitchingNodeKind.RemoteModule)
            .Sum(n => n.CapacityLines) < 300_000, "the 300,000 lines of new capacity are missed");
        Assert.True(D.FiberRoutes.Where(New).Sum(f => f.LengthM) > 1_400_000, "more than 1,400 km of new fiber");
    }

    [Fact]
    public void The_network_grows_unevenly_by_county()
    {
        var from = new DateOnly(2006, 1, 1);
        var perCounty = D.Counties.Select(c => D.AccessPoints.Count(a => a.Lifecycle.CommissionedOn >= from &&
            c.Boundary.Covers(a.Location)) / (double)D.Villages.Count(v => v.Kind == VillageKind.Administrative && v.CountyCode == c.Code)).ToList();
        Assert.True(perCounty.Max() > 1.5 * perCounty.Min(), string.Join(", ", perCounty.Select(p => p.ToString("F2", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void Some_filings_are_disputed_and_some_assets_retired()
    {
        Assert.Contains(D.Filings, f => f.DisputeState == DisputeState.Disputed);
        Assert.Contains(D.Filings, f => f.DisputeState == DisputeState.Rejected);
        Assert.Contains(D.Filings, f => f.DisputeState == DisputeState.Upheld);
        Assert.Contains(D.BaseStations, s => s.Lifecycle.RetiredOn == new DateOnly(2008, 10, 1) && s.CarrierId == Carriers.Unicom.Id);
        Assert.Contains(D.BaseStations, s => s.Lifecycle.CommissionedOn is null && s.Lifecycle.PlannedOn is not null);
        Assert.Contains(D.BaseStations, s => s.Sectors.Any(sec => sec.AzimuthDeg + (sec.BeamwidthDeg / 2) > 360 || sec.AzimuthDeg - (sec.BeamwidthDeg / 2) < 0));
    }

    [Fact]
    public void Asset_codes_are_unique_per_carrier()
    {
        Assert.Equal(D.BaseStations.Count, D.BaseStations.Select(s => (s.CarrierId, s.Code)).Distinct().Count());
        Assert.Equal(D.FiberRoutes.Count, D.FiberRoutes.Select(s => (s.CarrierId, s.Code)).Distinct().Count());
        Assert.Equal(D.Filings.Count, D.Filings.Select(s => (s.CarrierId, s.Code)).Distinct().Count());
    }
}

public class DemoDeterminismTests(DemoFixture demo)
{
    /// <summary>
    /// The fingerprint of the demo data this generator makes. A change to the generator that changes its
    /// output must change this constant in the same commit, on purpose.
    /// </summary>
    private const string Expected = "2141fd48602a7010693e784c6d894e3d83a8cd8dfb8cc17277b346e9a1cda948";

    [Fact]
    public void The_same_seed_gives_the_same_data_set_every_time()
    {
        var again = DemoGenerator.Generate();
        Assert.Equal(demo.Data.Fingerprint, again.Fingerprint);
        Assert.Equal(Expected, again.Fingerprint);
    }
}
