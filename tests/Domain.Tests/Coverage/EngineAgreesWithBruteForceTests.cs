using Infra.Domain.Coverage;
using Infra.Domain.Plans;

namespace Infra.Domain.Tests.Coverage;

/// <summary>
/// The engine's grids and sphere bounds may only make it faster: on seeded random regions full of edge
/// cases, every report (bases, sources with distances, candidates with reasons) must equal the brute
/// force's to the last bit, and the bulk pass must agree with the per-place reports.
/// </summary>
public class EngineAgreesWithBruteForceTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_village_report_matches(int seed)
    {
        var random = new RandomCoverageCase(seed);

        var engine = CoverageEngine.Evaluate(random.Input, CoverageFixture.AsOf, random.Options);
        var brute = BruteForceCoverage.Evaluate(random.Input, CoverageFixture.AsOf, random.Options);

        var expected = new List<string>();
        var actual = new List<string>();
        for (var v = 0; v < random.Input.Villages.Count; v++)
        {
            foreach (var service in CoverageRules.VillageServices)
            {
                var report = engine.Report(v, service);
                Assert.Equal(report.Bases, engine.Bases(v, service));
                expected.Add(CoverageFixture.Format(brute.Report(v, service)));
                actual.Add(CoverageFixture.Format(report));
            }
        }

        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Every_township_report_matches(int seed)
    {
        var random = new RandomCoverageCase(seed);

        var engine = CoverageEngine.Evaluate(random.Input, CoverageFixture.AsOf, random.Options);
        var brute = BruteForceCoverage.Evaluate(random.Input, CoverageFixture.AsOf, random.Options);

        Assert.Equal(brute.TownshipCodes, engine.TownshipCodes);
        for (var t = 0; t < engine.TownshipCodes.Count; t++)
        {
            Assert.Equal(CoverageFixture.Format(brute.TownshipReport(t)), CoverageFixture.Format(engine.TownshipReport(t)));
            Assert.Equal(engine.TownshipReport(t).Served, engine.IsTownshipServed(t, Service.IpBackbone));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void The_cases_really_exercise_the_edges(int seed)
    {
        var random = new RandomCoverageCase(seed);
        var engine = CoverageEngine.Evaluate(random.Input, CoverageFixture.AsOf, random.Options);

        var reports = Enumerable.Range(0, random.Input.Villages.Count)
            .SelectMany(v => CoverageRules.VillageServices.Select(s => engine.Report(v, s))).ToList();
        var reasons = reports.SelectMany(r => r.Candidates).Aggregate(CandidateReasons.None, (a, c) => a | c.Reasons);

        Assert.Contains(reports, r => r.Served);
        Assert.Contains(reports, r => !r.Served);
        Assert.All(reports.Where(r => !r.Served).SelectMany(r => r.Candidates), c => Assert.NotEqual(CandidateReasons.None, c.Reasons));
        foreach (var reason in new[] { CandidateReasons.NotInService, CandidateReasons.OutOfReach, CandidateReasons.FilingDisputed })
        {
            Assert.True(reasons.HasFlag(reason), $"seed {seed} never produced {reason}");
        }
    }
}
