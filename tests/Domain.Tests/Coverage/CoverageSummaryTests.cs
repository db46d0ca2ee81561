using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

public class CoverageSummaryTests
{
    // Two counties. In township 411702001: administrative village 001 (two natural villages), 002 (none
    // recorded) and a community; in 411702002 one more village with one natural village; far away in
    // county 411721 a village that the radio transmitter does not reach.
    private static readonly CoverageSummary Summary = CoverageSummary.From(CoverageEngine.Evaluate(Input(
        [
            Place("411702001001", "POINT (114 33)", 1_000),
            Place("411702001001001", "POINT (114.01 33)", 600),
            Place("411702001001002", "POINT (114.02 33)", 400),
            Place("411702001002", "POINT (114 33.02)", 500),
            Place("411702001003", "POINT (114.01 33.01)", 2_000, VillageKind.Community),
            Place("411702002001", "POINT (114.05 33.05)", 300),
            Place("411702002001001", "POINT (114.05 33.06)", 300),
            Place("411721001001", "POINT (114.3 33.3)", 800),
        ],
        transmitters: [Transmitter("POINT (114 33)", BroadcastKind.Radio, 10_000)],
        routes: [Route("LINESTRING (113.9 33.001, 114.1 33.001)", FiberTier.Backbone)],
        filings: [Filing("411702001001002", FiledService.CableTv, Catv)],
        townships: [Township("411702001", "POINT (114 33)"), Township("411702002", "POINT (114.05 33.04)"), Township("411721001", "POINT (114.3 33.3)")]),
        AsOf, CoverageOptions.Default));

    [Fact]
    public void Administrative_and_natural_villages_are_counted_apart_and_communities_in_neither()
    {
        var city = Summary.City;

        Assert.Equal("411700", city.Code);
        Assert.Equal(new Tally(4, 3, 2_600, 1_800), city[Service.Radio, PlaceGroup.Administrative]);
        Assert.Equal(new Tally(3, 3, 1_300, 1_300), city[Service.Radio, PlaceGroup.Natural]);
    }

    [Fact]
    public void Population_counts_each_resident_once()
    {
        // Natural villages, the community, and administrative village 002 that has no natural village: 4,600 people.
        var populated = Summary.City[Service.Radio, PlaceGroup.Populated];

        Assert.Equal(new Tally(6, 5, 4_600, 3_800), populated);
        Assert.Equal(3_800 / 4_600.0, populated.PopulationShare);
    }

    [Fact]
    public void A_township_has_cable_tv_when_any_of_its_places_has_it()
    {
        Assert.Equal(new Tally(3, 1, 4_600, 3_500), Summary.City[Service.CableTv, PlaceGroup.Township]);
        Assert.Equal(1.0 / 3, Summary.Counties["411702"][Service.CableTv, PlaceGroup.Natural].Share);
        Assert.Equal(1, Summary.Townships["411702001"][Service.CableTv, PlaceGroup.Township].Served);
        Assert.Equal(0, Summary.Townships["411702002"][Service.CableTv, PlaceGroup.Township].Served);
    }

    [Fact]
    public void The_ip_backbone_is_shared_by_township_at_every_level()
    {
        Assert.Equal((3, 2), (Summary.City[Service.IpBackbone, PlaceGroup.Township].Count, Summary.City[Service.IpBackbone, PlaceGroup.Township].Served));
        Assert.Equal(1.0, Summary.Counties["411702"][Service.IpBackbone, PlaceGroup.Township].Share);
        Assert.Equal(0.0, Summary.Counties["411721"][Service.IpBackbone, PlaceGroup.Township].Share);
        Assert.Equal(new Tally(0, 0, 0, 0), Summary.City[Service.IpBackbone, PlaceGroup.Natural]);
    }

    [Fact]
    public void Regions_are_keyed_by_code_and_empty_shares_are_null()
    {
        Assert.Equal(["411702", "411721"], Summary.Counties.Keys.Order());
        Assert.Equal(["411702001", "411702002", "411721001"], Summary.Townships.Keys.Order());
        Assert.Null(Summary.Counties["411721"][Service.Mobile, PlaceGroup.Natural].Share);
        Assert.Equal(RegionLevel.Township, Summary.Townships["411721001"].Level);
    }
}
