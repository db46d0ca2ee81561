using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

public class BroadbandRulesTests
{
    private const string Admin = "411702001001";
    private const string Natural = "411702001001002";

    private static ServiceReport Broadband(AccessPoint[]? access = null, FiberRoute[]? routes = null, ServiceFiling[]? filings = null) =>
        CoverageEngine.Evaluate(Input([Place(Admin, "POINT (114 33)")], access: access, routes: routes, filings: filings), AsOf, CoverageOptions.Default)
            .Report(0, Service.Broadband);

    [Fact]
    public void An_undisputed_filing_counts_and_applies_only_to_the_village_it_names()
    {
        var filing = Filing(Admin, FiledService.Broadband);
        var input = Input([Place(Admin, "POINT (114 33)"), Place(Natural, "POINT (114.001 33.001)")], filings: [filing]);

        var result = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default);

        Assert.Equal(CoverageBasis.Filing, result.Bases(0, Service.Broadband));
        Assert.Equal(filing.Code, result.Report(0, Service.Broadband).Sources[0].Code);
        Assert.False(result.IsServed(1, Service.Broadband));
    }

    [Fact]
    public void A_filing_under_open_dispute_does_not_count_until_upheld()
    {
        var filing = Filing(Admin, FiledService.Broadband);
        filing.Dispute(new DateOnly(2008, 1, 1), "no DSLAM in the exchange");
        Assert.Equal(CandidateReasons.FilingDisputed, Assert.Single(Broadband(filings: [filing]).Candidates).Reasons);

        filing.Resolve(AsOf, upheld: true, "DSLAM seen on site");
        Assert.True(Broadband(filings: [filing]).Served);
    }

    [Fact]
    public void A_rejected_filing_never_counts_and_an_expired_one_says_so()
    {
        var rejected = Filing(Admin, FiledService.Broadband);
        rejected.Dispute(new DateOnly(2008, 1, 1), "no DSLAM");
        rejected.Resolve(new DateOnly(2008, 2, 1), upheld: false, "confirmed");
        var expired = Filing(Admin, FiledService.Broadband, to: AsOf.AddDays(-1));

        var report = Broadband(filings: [rejected, expired]);

        Assert.False(report.Served);
        Assert.Equal([CandidateReasons.FilingRejected, CandidateReasons.FilingNotValidOnDate], report.Candidates.Select(c => c.Reasons));
    }

    [Fact]
    public void A_fiber_connected_access_point_with_free_ports_in_reach_serves()
    {
        var point = Ap("POINT (114.03 33)"); // ~2.8 km, ADSL default reach 4,400 m
        var filing = Filing(Admin, FiledService.Broadband);

        var report = Broadband([point], filings: [filing]);

        Assert.Equal(CoverageBasis.Filing | CoverageBasis.AccessPoint, report.Bases);
        Assert.Equal([CoverageBasis.Filing, CoverageBasis.AccessPoint], report.Sources.Select(s => s.Basis));
        Assert.Null(report.Sources[1].Fiber);
    }

    [Fact]
    public void An_access_point_fails_for_every_reason_that_holds()
    {
        var full = Ap("POINT (114.06 33)", ports: 32, portsUsed: 32, fiber: false); // ~5.6 km

        var candidate = Assert.Single(Broadband([full]).Candidates);

        Assert.Equal(CandidateReasons.OutOfReach | CandidateReasons.NoFreePorts | CandidateReasons.NotFiberConnected, candidate.Reasons);
        Assert.Equal(AssetStatus.InService, candidate.Status);
    }

    [Fact]
    public void The_access_point_s_own_reach_overrides_the_technology_default()
    {
        Assert.True(Broadband([Ap("POINT (114.06 33)", reachM: 6_000)]).Served);
        Assert.False(Broadband([Ap("POINT (114.03 33)", AccessTechnology.Lan)]).Served);
    }

    [Fact]
    public void An_in_service_fiber_route_nearby_makes_an_unflagged_access_point_fiber_connected()
    {
        var point = Ap("POINT (114.01 33)", fiber: false);
        var near = Route("LINESTRING (114.005 33.004, 114.015 33.004)");   // ~444 m north of the point
        var far = Route("LINESTRING (114.005 33.006, 114.015 33.006)");    // ~666 m

        var report = Broadband([point], [far, near]);

        Assert.True(report.Served);
        var fiber = report.Sources[0].Fiber!;
        Assert.Equal(near.Code, fiber.RouteCode);
        Assert.InRange(fiber.DistanceM, 440, 450);
        Assert.Equal(CandidateReasons.NotFiberConnected, Broadband([point], [far]).Candidates[0].Reasons);
    }

    [Fact]
    public void Retired_or_planned_fiber_does_not_connect()
    {
        var point = Ap("POINT (114.01 33)", fiber: false);
        var retired = Route("LINESTRING (114.005 33.001, 114.015 33.001)", life: new Lifecycle(null, null, new DateOnly(2005, 1, 1), AsOf));
        var planned = Route("LINESTRING (114.005 33.002, 114.015 33.002)", life: new Lifecycle(new DateOnly(2008, 1, 1), null, null, null));

        Assert.Equal(CandidateReasons.NotFiberConnected, Assert.Single(Broadband([point], [retired, planned]).Candidates).Reasons);
    }

    [Fact]
    public void The_nearest_candidate_is_reported_even_when_it_is_not_built_yet()
    {
        var planned = Ap("POINT (114.001 33)", AccessTechnology.Pon, life: new Lifecycle(new DateOnly(2008, 1, 1), null, new DateOnly(2009, 5, 1), null));
        var farther = Ap("POINT (114 33.1)");

        var candidate = Assert.Single(Broadband([farther, planned]).Candidates);

        Assert.Equal((1, AssetStatus.Planned, new DateOnly(2009, 5, 1)), (candidate.Index, candidate.Status, candidate.CommissionedOn));
        Assert.Equal(CandidateReasons.NotInService, candidate.Reasons);
    }
}
