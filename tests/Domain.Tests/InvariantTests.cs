using Infra.Domain;
using Infra.Domain.Access;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Infra.Domain.Tests;

/// <summary>Every invariant refuses a bad value with a DomainException that names the field.</summary>
public class InvariantTests
{
    private static readonly Lifecycle Life = Lifecycle.InServiceSince(new DateOnly(2005, 1, 1));
    private static readonly Point Here = Wgs84.Point(114.02, 32.98);
    private static readonly WKTReader Wkt = new(new NetTopologySuite.NtsGeometryServices(new PrecisionModel(), Wgs84.Srid));

    private static void Refused(string field, Action make)
    {
        var e = Assert.Throws<DomainException>(make);
        Assert.Equal(field, e.Field);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void Ports_used_cannot_exceed_ports()
    {
        Refused("portsUsed", () => new AccessPoint(1, "ap", null, Life, Here, AccessTechnology.Adsl, 64, 65, null, true, false));
        Refused("ports", () => new AccessPoint(1, "ap", null, Life, Here, AccessTechnology.Adsl, -1, 0, null, true, false));
        Refused("reachM", () => new AccessPoint(1, "ap", null, Life, Here, AccessTechnology.Adsl, 64, 10, 0, true, false));
        Assert.Equal(0, new AccessPoint(1, "ap", null, Life, Here, AccessTechnology.Adsl, 64, 64, null, true, false).FreePorts);
    }

    [Fact]
    public void Capacity_and_subscribers_are_checked()
    {
        Refused("capacityLines", () => new SwitchingNode(1, "x", null, Life, Here, SwitchingNodeKind.LocalExchange, -5, 0));
        Refused("subscribersInUse", () => new SwitchingNode(1, "x", null, Life, Here, SwitchingNodeKind.LocalExchange, 100, 101));
        Refused("subscribersInUse", () => new SwitchingNode(1, "x", null, Life, Here, SwitchingNodeKind.Msc, 100, -1));
    }

    [Theory]
    [InlineData(-0.001)]
    [InlineData(360)]
    [InlineData(double.NaN)]
    public void Sector_azimuth_is_in_0_to_360(double azimuth) => Refused("sectors.azimuthDeg", () => new Sector(azimuth, 65, 3000));

    [Theory]
    [InlineData(0)]
    [InlineData(360.5)]
    [InlineData(-10)]
    public void Sector_beamwidth_is_in_0_exclusive_to_360(double beamwidth) => Refused("sectors.beamwidthDeg", () => new Sector(10, beamwidth, 3000));

    [Fact]
    public void Radii_must_be_positive()
    {
        Refused("sectors.radiusM", () => new Sector(10, 65, 0));
        Refused("omniRadiusM", () => new BaseStation(1, "s", null, Life, Here, RadioTechnology.Gsm, 0, null, null));
        Refused("omniRadiusM", () => new BaseStation(1, "s", null, Life, Here, RadioTechnology.Gsm, -100, null, null));
        Refused("serviceRadiusM", () => new BroadcastTransmitter(6, "t", null, Life, Here, BroadcastKind.Tv, 10, 0));
        Refused("powerKw", () => new BroadcastTransmitter(6, "t", null, Life, Here, BroadcastKind.Tv, 0, 1000));
        Refused("sectors", () => new BaseStation(1, "s", null, Life, Here, RadioTechnology.Gsm, 3000, [new Sector(0, 120, null)], null));
        Assert.Equal(360, new Sector(0, 360, null).BeamwidthDeg);
        Assert.Equal(359.999, new Sector(359.999, 1, null).AzimuthDeg);
    }

    [Fact]
    public void Geometry_must_be_wgs84_in_range_and_valid()
    {
        Refused("geometry", () => Wgs84.Point(181, 30));
        Refused("geometry", () => Wgs84.Point(114, -91));
        Refused("geometry", () => new BaseStation(1, "s", null, Life, new GeometryFactory(new PrecisionModel(), 3857).CreatePoint(new Coordinate(114, 33)),
            RadioTechnology.Gsm, 1000, null, null));
        Refused("geometry", () => new BaseStation(1, "s", null, Life, Wgs84.Factory.CreatePoint(new Coordinate(114, double.NaN)),
            RadioTechnology.Gsm, 1000, null, null));
        Refused("geometry", () => new FiberRoute(1, "f", null, Life, (LineString)Wkt.Read("LINESTRING (114 33, 114 33)"),
            12, FiberLaying.Aerial, FiberTier.Access, null));
        Refused("geometry", () => new FiberRoute(1, "f", null, Life, (LineString)Wkt.Read("LINESTRING (114 33, 200 33)"),
            12, FiberLaying.Aerial, FiberTier.Access, null));

        Refused("code", () => new City("411702", "驿城区", "Yicheng"));
        Refused("code", () => new City("4117", "驻马店市", "Zhumadian"));
        Refused("name", () => new City("411700", " ", "Zhumadian"));

        var bowtie = (Polygon)Wkt.Read("POLYGON ((114 33, 114.1 33.1, 114.1 33, 114 33.1, 114 33))");
        var e = Assert.Throws<DomainException>(() => new County("411702", "驿城区", "Yicheng", Wgs84.Factory.CreateMultiPolygon([bowtie]), Here));
        Assert.Equal("boundary", e.Field);
        Assert.Contains("Self-intersection", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Fiber_length_is_geodesic_and_computed()
    {
        var route = new FiberRoute(1, "f", null, Life, (LineString)Wkt.Read("LINESTRING (114 33, 115 33)"), 12, FiberLaying.Duct, FiberTier.Backbone, 1);
        Assert.Equal(Geodesic.DistanceM(114, 33, 115, 33), route.LengthM, 6);
        Assert.Equal(1, route.DeclaredLengthM);
        Refused("cores", () => new FiberRoute(1, "f", null, Life, (LineString)Wkt.Read("LINESTRING (114 33, 115 33)"), 0, FiberLaying.Duct, FiberTier.Backbone, null));
    }

    [Fact]
    public void Vincenty_matches_the_published_geodesic_test_case()
    {
        // Vincenty (1975) / Geoscience Australia: Flinders Peak to Buninyong, 54,972.271 m on the GRS80/WGS 84 ellipsoid.
        var d = Geodesic.DistanceM(144 + (25 / 60.0) + (29.52440 / 3600), -(37 + (57 / 60.0) + (3.72030 / 3600)),
            143 + (55 / 60.0) + (35.38390 / 3600), -(37 + (39 / 60.0) + (10.15610 / 3600)));
        Assert.Equal(54_972.271, d, 0.001);
        Assert.Equal(0, Geodesic.DistanceM(114, 33, 114, 33));
    }

    [Fact]
    public void Lifecycle_order_is_enforced()
    {
        Refused("constructionStartedOn", () => new Lifecycle(new(2006, 1, 2), new(2006, 1, 1), null, null));
        Refused("commissionedOn", () => new Lifecycle(null, new(2006, 1, 2), new(2006, 1, 1), null));
        Refused("retiredOn", () => new Lifecycle(null, null, null, new(2006, 1, 1)));
        Refused("carrier", () => new BaseStation(0, "s", null, Life, Here, RadioTechnology.Gsm, 1000, null, null));
        Refused("code", () => new BaseStation(1, " ", null, Life, Here, RadioTechnology.Gsm, 1000, null, null));
    }

    [Fact]
    public void Villages_are_checked()
    {
        Refused("population", () => new Village("411702001201", VillageKind.Administrative, "李庄村", "411702001", null, Here, -1, 0));
        Refused("households", () => new Village("411702001201", VillageKind.Administrative, "李庄村", "411702001", null, Here, 10, 11));
        Refused("code", () => new Village("41170200120", VillageKind.Administrative, "李庄村", "411702001", null, Here, 10, 3));
        Refused("code", () => new Village("411702001201001", VillageKind.Natural, "李庄", "411702001", "411702001202", Here, 10, 3));
        Refused("parentCode", () => new Village("411702001201001", VillageKind.Natural, "李庄", "411702001", null, Here, 10, 3));
        Refused("code", () => new Village("411702002201", VillageKind.Administrative, "李庄村", "411702001", null, Here, 10, 3));
        Refused("code", () => new Township("41170200", "411702", "x街道", TownshipKind.Subdistrict, Wgs84.Factory.CreateMultiPolygon(), Here));
    }

    [Fact]
    public void Filings_are_checked_and_disputes_decide_whether_they_count()
    {
        Refused("validTo", () => new ServiceFiling(1, "f", "411702001201", FiledService.Broadband, "ADSL", 2, 0.5, new(2006, 1, 1), new(2005, 1, 1), null));
        Refused("villageCode", () => new ServiceFiling(1, "f", "4117", FiledService.Broadband, "ADSL", 2, 0.5, new(2006, 1, 1), null, null));
        Refused("maxDownMbps", () => new ServiceFiling(1, "f", "411702001201", FiledService.Broadband, "ADSL", 0, 0.5, new(2006, 1, 1), null, null));

        var filing = new ServiceFiling(1, "f", "411702001201", FiledService.Broadband, "ADSL", 2, 0.5, new(2006, 1, 1), new(2009, 12, 31), null);
        Assert.False(filing.CountsOn(new(2005, 12, 31)));
        Assert.True(filing.CountsOn(new(2006, 1, 1)));
        Assert.True(filing.CountsOn(new(2009, 12, 31)));
        Assert.False(filing.CountsOn(new(2010, 1, 1)));

        filing.Dispute(new(2007, 1, 1), "no DSLAM in reach");
        Assert.True(filing.CountsOn(new(2006, 12, 31)));
        Assert.False(filing.CountsOn(new(2007, 1, 1)));
        Refused("resolvedOn", () => filing.Resolve(new(2006, 12, 1), true, "x"));
        filing.Resolve(new(2007, 3, 1), upheld: true, "site visit confirmed service");
        Assert.False(filing.CountsOn(new(2007, 2, 28)));
        Assert.True(filing.CountsOn(new(2007, 3, 1)));

        var rejected = new ServiceFiling(1, "g", "411702001201", FiledService.Broadband, null, null, null, new(2006, 1, 1), null, null);
        rejected.Dispute(new(2007, 1, 1), "no service found");
        rejected.Resolve(new(2007, 2, 1), upheld: false, "claim withdrawn");
        Assert.False(rejected.CountsOn(new(2006, 6, 1)));
        Assert.False(rejected.CountsOn(new(2008, 1, 1)));
    }

    [Fact]
    public void Target_specs_are_checked_against_their_metric()
    {
        static TargetSpec Spec(TargetMetric metric, TargetFilter filter, double goal = 10, DateOnly? start = null) =>
            new("t", "t", "t", metric, filter, start ?? new(2006, 1, 1), new(2007, 12, 31), goal, "x", null, null);

        var plan = new Plan("p", "规划", "plan", "411700", new(2006, 1, 1), new(2010, 12, 31), null);
        Refused("filter.assetKind", () => plan.AddTarget(Spec(TargetMetric.NewAssetCount, new())));
        Refused("filter.nodeKinds", () => plan.AddTarget(Spec(TargetMetric.CapacityAdded, new())));
        Refused("filter.villageKind", () => plan.AddTarget(Spec(TargetMetric.VillageShare, new() { Service = Service.Broadband }, 100)));
        Refused("filter.service", () => plan.AddTarget(Spec(TargetMetric.VillageShare, new() { Service = Service.IpBackbone, VillageKind = VillageKind.Administrative }, 100)));
        Refused("goal", () => plan.AddTarget(Spec(TargetMetric.PopulationShare, new() { Service = Service.Tv }, 101)));
        Refused("goal", () => plan.AddTarget(Spec(TargetMetric.NewFiberKm, new(), 0)));
        Refused("periodStart", () => plan.AddTarget(Spec(TargetMetric.NewFiberKm, new(), 10) with { PeriodStart = null }));
        Refused("periodEnd", () => plan.AddTarget(Spec(TargetMetric.NewFiberKm, new(), 10, new(2008, 1, 1))));

        plan.AddTarget(Spec(TargetMetric.NewFiberKm, new() { RuralOnly = true }, 1400));
        Refused("code", () => plan.AddTarget(Spec(TargetMetric.NewFiberKm, new(), 1400)));
    }

    [Fact]
    public void Roles_parse_and_refuse()
    {
        Assert.Equal(Role.Admin, Role.Parse("admin"));
        Assert.Equal(new Role(RoleKind.Carrier, "cmcc"), Role.Parse("carrier:cmcc"));
        Assert.Equal("carrier:cmcc", Role.Parse("carrier:cmcc").ToString());
        Refused("role", () => Role.Parse("root"));
        Refused("role", () => Role.Parse("carrier:"));
        Refused("role", () => Role.Parse("carrier:CMCC"));
    }
}
