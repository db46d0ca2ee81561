using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

public class OtherServicesTests
{
    private const string Village = "411702001001003";

    private static CoverageResult Evaluate(CoverageInput input, CoverageOptions? options = null) =>
        CoverageEngine.Evaluate(input, AsOf, options ?? CoverageOptions.Default);

    [Fact]
    public void Phone_comes_from_a_local_exchange_or_remote_module_in_loop_reach_not_from_an_msc()
    {
        var module = Node("POINT (114.05 33)");                           // ~4.7 km, inside 5,800 m
        var msc = Node("POINT (114.001 33)", SwitchingNodeKind.Msc);

        var result = Evaluate(Input([Place(Village, "POINT (114 33)")], nodes: [msc, module]));

        var source = Assert.Single(result.Report(0, Service.Phone).Sources);
        Assert.Equal((CoverageBasis.SwitchingNode, 1), (source.Basis, source.Index));
    }

    [Fact]
    public void An_access_point_gives_phone_in_its_reach_whatever_its_ports_and_fiber()
    {
        var full = Ap("POINT (114.01 33)", ports: 8, portsUsed: 8, fiber: false);

        var result = Evaluate(Input([Place(Village, "POINT (114 33)")], access: [full]));

        Assert.Equal(CoverageBasis.AccessPoint, result.Bases(0, Service.Phone));
        Assert.False(result.IsServed(0, Service.Broadband));
    }

    [Fact]
    public void An_unserved_village_gets_the_nearest_candidate_of_each_kind_for_phone()
    {
        var input = Input([Place(Village, "POINT (114 33)")],
            stations: [Station("POINT (114.2 33)")], access: [Ap("POINT (114 33.2)")], nodes: [Node("POINT (113.8 33)")],
            filings: [Filing(Village, FiledService.FixedPhone, to: new DateOnly(2006, 12, 31))]);

        var report = Evaluate(input).Report(0, Service.Phone);

        Assert.False(report.Served);
        Assert.Equal([CoverageBasis.Filing, CoverageBasis.BaseStation, CoverageBasis.AccessPoint, CoverageBasis.SwitchingNode],
            report.Candidates.Select(c => c.Basis));
        Assert.All(report.Candidates.Skip(1), c => Assert.Equal(CandidateReasons.OutOfReach, c.Reasons));
    }

    [Fact]
    public void Cable_tv_counts_filings_of_the_radio_tv_network_only()
    {
        var catv = Filing(Village, FiledService.CableTv, Catv);
        var netcom = Filing(Village, FiledService.CableTv, Cnc);

        var byCatv = Evaluate(Input([Place(Village, "POINT (114 33)")], filings: [netcom, catv]));
        var byNetcom = Evaluate(Input([Place(Village, "POINT (114 33)")], filings: [netcom]));

        Assert.Equal(catv.Code, Assert.Single(byCatv.Report(0, Service.CableTv).Sources).Code);
        Assert.Equal(CandidateReasons.NotCableTvCarrier, Assert.Single(byNetcom.Report(0, Service.CableTv).Candidates).Reasons);
        Assert.True(Evaluate(Input([Place(Village, "POINT (114 33)")], filings: [netcom]),
            CoverageOptions.Default with { CableTvCarrierCodes = new HashSet<string> { "cnc" } }).IsServed(0, Service.CableTv));
    }

    [Fact]
    public void Radio_and_tv_come_from_transmitters_of_that_kind_within_their_radius()
    {
        var radio = Transmitter("POINT (114.3 33)", BroadcastKind.Radio, 30_000);  // ~28 km away
        var tv = Transmitter("POINT (114.3 33)", BroadcastKind.Tv, 25_000);

        var result = Evaluate(Input([Place(Village, "POINT (114 33)")], transmitters: [radio, tv]));

        Assert.True(result.IsServed(0, Service.Radio));
        Assert.False(result.IsServed(0, Service.Tv));
        Assert.Equal((1, CandidateReasons.OutOfReach), (result.Report(0, Service.Tv).Candidates[0].Index, result.Report(0, Service.Tv).Candidates[0].Reasons));
    }

    [Fact]
    public void A_township_is_on_the_ip_backbone_when_a_backbone_or_distribution_route_passes_near_its_seat()
    {
        var township = Township("411702001", "POINT (114 33)");
        var ring = Route("LINESTRING (113.9 33.04, 114.1 33.04)", FiberTier.Distribution);   // ~4.4 km north of the seat
        var input = Input([Place(Village, "POINT (114.01 33.01)")], routes: [ring], townships: [township]);

        var byDefault = Evaluate(input);
        var backboneOnly = Evaluate(input, CoverageOptions.Default with { IpBackboneTiers = new HashSet<FiberTier> { FiberTier.Backbone } });

        Assert.True(byDefault.IsTownshipServed(0, Service.IpBackbone));
        Assert.InRange(byDefault.TownshipReport(0).Sources[0].DistanceM!.Value, 4_430, 4_440);
        Assert.False(backboneOnly.IsTownshipServed(0, Service.IpBackbone));
        Assert.Empty(backboneOnly.TownshipReport(0).Candidates);
    }

    [Fact]
    public void Access_tier_routes_and_routes_not_yet_in_service_do_not_carry_the_ip_backbone()
    {
        var access = Route("LINESTRING (113.9 33.01, 114.1 33.01)", FiberTier.Access);
        var planned = Route("LINESTRING (113.9 33.02, 114.1 33.02)", FiberTier.Backbone,
            new Lifecycle(new DateOnly(2008, 1, 1), null, new DateOnly(2009, 1, 1), null));
        var input = Input([Place(Village, "POINT (114 33)")], routes: [access, planned], townships: [Township("411702001", "POINT (114 33)")]);

        var report = Evaluate(input).TownshipReport(0);

        Assert.False(report.Served);
        var candidate = Assert.Single(report.Candidates);
        Assert.Equal((1, CandidateReasons.NotInService, new DateOnly(2009, 1, 1)), (candidate.Index, candidate.Reasons, candidate.CommissionedOn));
    }

    [Fact]
    public void A_township_known_only_from_its_villages_has_no_seat_and_is_not_on_the_backbone()
    {
        var result = Evaluate(Input([Place(Village, "POINT (114 33)")], routes: [Route("LINESTRING (113.9 33, 114.1 33)", FiberTier.Backbone)]));

        Assert.Equal(["411702001"], result.TownshipCodes);
        Assert.Null(result.TownshipRecords[0]);
        Assert.False(result.IsTownshipServed(0, Service.IpBackbone));
    }

    [Fact]
    public void Bad_options_and_input_are_refused_naming_the_field()
    {
        var input = Input([Place(Village, "POINT (114 33)")]);

        Assert.Equal("localLoopReachM", Assert.Throws<DomainException>(() =>
            CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default with { LocalLoopReachM = -1 })).Field);
        var twice = CoverageEngine.Evaluate(Input([Place(Village, "POINT (114 33)"), Place(Village, "POINT (114 33.1)")]), AsOf, CoverageOptions.Default);
        Assert.Equal("villages", Assert.Throws<DomainException>(() => twice.IndexOf(Village)).Field);
        Assert.Equal("stations", Assert.Throws<DomainException>(() => CoverageEngine.Evaluate(input with
        {
            Stations = [Station("POINT (114 33)", carrier: 99)],
        }, AsOf, CoverageOptions.Default)).Field);
    }
}
