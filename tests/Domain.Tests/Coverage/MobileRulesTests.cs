using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

public class MobileRulesTests
{
    private const string Village = "411702001001";

    private static ServiceReport Mobile(params BaseStation[] stations) => MobileAt("POINT (114 33.04)", stations);

    private static ServiceReport MobileAt(string villageWkt, params BaseStation[] stations) =>
        CoverageEngine.Evaluate(Input([Place(Village, villageWkt)], stations), AsOf, CoverageOptions.Default).Report(0, Service.Mobile);

    [Fact]
    public void An_omni_station_without_a_radius_takes_its_technology_default()
    {
        // 0.04° of latitude is ~4.44 km: inside GSM's 4,700 m, outside WCDMA's 2,600 m.
        var gsm = Mobile(Station("POINT (114 33)", RadioTechnology.Gsm));
        var wcdma = Mobile(Station("POINT (114 33)", RadioTechnology.Wcdma));

        Assert.Equal(CoverageBasis.BaseStation, gsm.Bases);
        Assert.InRange(gsm.Sources[0].DistanceM!.Value, 4_430, 4_440);
        Assert.False(wcdma.Served);
        Assert.Equal(CandidateReasons.OutOfReach, Assert.Single(wcdma.Candidates).Reasons);
    }

    [Fact]
    public void The_station_s_own_radius_overrides_the_default() =>
        Assert.False(Mobile(Station("POINT (114 33)", RadioTechnology.Gsm, omniRadiusM: 4_000)).Served);

    [Fact]
    public void A_village_exactly_at_the_radius_is_covered_and_a_millimetre_less_is_not()
    {
        var radius = Geodesic.DistanceM(114, 33, 114.013, 33.029);
        const string at = "POINT (114.013 33.029)";

        Assert.True(MobileAt(at, Station("POINT (114 33)", omniRadiusM: radius)).Served);
        var shorter = MobileAt(at, Station("POINT (114 33)", omniRadiusM: radius - 0.001));
        Assert.False(shorter.Served);
        Assert.Equal(radius, shorter.Candidates[0].DistanceM);
    }

    [Theory]
    [InlineData("POINT (114.001 33.02)", true)]      // bearing ~2.4°
    [InlineData("POINT (113.9925 33.02)", true)]     // ~342.5°
    [InlineData("POINT (114.0085 33.02)", false)]    // ~19.7°, past the 10° edge
    [InlineData("POINT (114 32.98)", false)]         // due south
    public void A_sector_straddling_north_covers_both_sides_of_it(string villageWkt, bool covered)
    {
        var station = Station("POINT (114 33)", sectors: [new Sector(350, 40, 3_000)]);

        var report = MobileAt(villageWkt, station);

        Assert.Equal(covered, report.Served);
        if (!covered)
        {
            Assert.Equal(CandidateReasons.OutsideSectors, report.Candidates[0].Reasons);
        }
    }

    [Theory]
    [InlineData(330, 350, 40, true)]
    [InlineData(10, 350, 40, true)]
    [InlineData(10.000001, 350, 40, false)]
    [InlineData(0, 0, 360, true)]
    [InlineData(180, 0, 360, true)]
    [InlineData(359.5, 0.5, 2, true)]
    [InlineData(90, 120, 60, true)]
    [InlineData(89.999, 120, 60, false)]
    public void Wedge_edges_are_inclusive_and_wrap_at_north(double bearing, double azimuth, double beamwidth, bool inside) =>
        Assert.Equal(inside, CoverageRules.InWedge(bearing, azimuth, beamwidth));

    [Theory]
    [InlineData(0.05, true)]
    [InlineData(-0.05, false)]
    public void Sector_edges_are_decided_on_the_ellipsoid_not_the_sphere(double insideByDeg, bool covered)
    {
        // Towards the north-east the sphere's bearing is 0.135° short of the ellipsoid's here: the bulk pass must
        // not let the sphere decide a wedge edge this close.
        var bearing = Geodesic.InitialBearingDeg(114, 33, 114.02, 33.016);
        foreach (var side in new[] { -1, 1 })
        {
            var azimuth = bearing - (side * (30 - insideByDeg));
            var station = Station("POINT (114 33)", sectors: [new Sector((azimuth + 360) % 360, 60, 5_000)]);

            var result = CoverageEngine.Evaluate(Input([Place(Village, "POINT (114.02 33.016)")], [station]), AsOf, CoverageOptions.Default);

            Assert.Equal((covered, covered), (result.IsServed(0, Service.Mobile), result.Report(0, Service.Mobile).Served));
        }
    }

    [Fact]
    public void A_sector_beyond_its_own_radius_is_out_of_reach_even_when_another_sector_points_there()
    {
        var station = Station("POINT (114 33)", sectors: [new Sector(0, 60, 3_000), new Sector(180, 60, 6_000)]);

        var report = Mobile(station); // 4.4 km north: the north sector reaches 3 km

        Assert.Equal(CandidateReasons.OutsideSectors, report.Candidates[0].Reasons);
        Assert.Equal(CandidateReasons.OutOfReach, Mobile(Station("POINT (114 33)", sectors: [new Sector(0, 60, 3_000)])).Candidates[0].Reasons);
    }

    [Fact]
    public void A_village_at_the_station_is_inside_every_sector() =>
        Assert.True(MobileAt("POINT (114 33)", Station("POINT (114 33)", sectors: [new Sector(90, 10, 100)])).Served);

    [Fact]
    public void Commissioned_on_the_date_counts_and_retired_on_the_date_does_not()
    {
        var commissioned = Station("POINT (114 33)", life: Lifecycle.InServiceSince(AsOf));
        var retired = Station("POINT (114 33)", life: new Lifecycle(null, null, new DateOnly(2005, 1, 1), AsOf));

        Assert.True(Mobile(commissioned).Served);
        var report = Mobile(retired);
        Assert.False(report.Served);
        var candidate = Assert.Single(report.Candidates);
        Assert.Equal((CandidateReasons.NotInService, AssetStatus.Retired), (candidate.Reasons, candidate.Status));
    }

    [Fact]
    public void A_station_under_construction_is_a_candidate_with_its_commissioning_date()
    {
        var building = Station("POINT (114 33)", life: new Lifecycle(new DateOnly(2007, 1, 1), new DateOnly(2008, 3, 1), new DateOnly(2008, 9, 1), null));
        var later = Station("POINT (114.001 33)", life: new Lifecycle(new DateOnly(2009, 1, 1), null, null, null));

        var candidate = Assert.Single(Mobile(building, later).Candidates);

        Assert.Equal(building.Code, candidate.Code);
        Assert.Equal(AssetStatus.UnderConstruction, candidate.Status);
        Assert.Equal(new DateOnly(2008, 9, 1), candidate.CommissionedOn);
    }

    [Fact]
    public void Phs_is_phone_but_not_mobile()
    {
        var phs = Station("POINT (114 33.003)", RadioTechnology.Phs, carrier: Ct); // ~330 m, inside PHS's 500 m
        var result = CoverageEngine.Evaluate(Input([Place(Village, "POINT (114 33)")], [phs]), AsOf, CoverageOptions.Default);

        Assert.False(result.IsServed(0, Service.Mobile));
        Assert.Empty(result.Report(0, Service.Mobile).Candidates);
        Assert.Equal(CoverageBasis.BaseStation, result.Bases(0, Service.Phone));
        Assert.Equal("ct", result.Report(0, Service.Phone).Sources[0].CarrierCode);
    }

    [Fact]
    public void Mobile_filings_count_only_when_the_options_say_so()
    {
        var input = Input([Place(Village, "POINT (114 33)")], filings: [Filing(Village, FiledService.Mobile, Cmcc)]);

        var byDefault = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default);
        var counted = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default with { MobileFilingsCount = true });

        Assert.False(byDefault.IsServed(0, Service.Mobile));
        Assert.Equal(CandidateReasons.MobileFilingsNotCounted, byDefault.Report(0, Service.Mobile).Candidates[0].Reasons);
        Assert.Equal(CoverageBasis.Filing, counted.Bases(0, Service.Mobile));
        Assert.Equal(CoverageBasis.Filing, counted.Bases(0, Service.Phone));
    }

    [Fact]
    public void Sources_list_every_covering_station_nearest_first()
    {
        var far = Station("POINT (114 33)");
        var near = Station("POINT (114 33.03)", RadioTechnology.Lte, carrier: Cu);

        var sources = Mobile(far, near).Sources;

        Assert.Equal([near.Code, far.Code], sources.Select(s => s.Code));
        Assert.Equal(["cu", "cmcc"], sources.Select(s => s.CarrierCode));
    }
}
