using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

/// <summary>
/// A prefecture-sized case (DESIGN §6: ~3,000 administrative and ~20,000 natural villages, a few thousand
/// stations) over Zhumadian's extent still matches the brute force on a sample of places. How long it takes
/// is measured in bench/, not asserted here.
/// </summary>
[Collection(nameof(CoverageScaleTests))]
public class CoverageScaleTests
{
    private static readonly Lazy<CoverageInput> Prefecture = new(() => Build(villages: 15_000, stations: 5_000, seed: 411700));

    [Fact]
    public void A_sample_of_the_prefecture_matches_the_brute_force()
    {
        var input = Prefecture.Value;
        var sample = input.Villages.Where((_, i) => i % 500 == 7).ToList();

        var engine = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default);
        var brute = BruteForceCoverage.Evaluate(input with { Villages = sample }, AsOf, CoverageOptions.Default);

        for (var s = 0; s < sample.Count; s++)
        {
            var v = engine.IndexOf(sample[s].Code);
            foreach (var service in CoverageRules.VillageServices)
            {
                Assert.Equal(Format(brute.Report(s, service)), Format(engine.Report(v, service)));
            }
        }
    }

    private static CoverageInput Build(int villages, int stations, int seed)
    {
        var random = new Random(seed);
        double Lon() => 113.1 + (random.NextDouble() * 2.1);
        double Lat() => 32.3 + (random.NextDouble() * 1.2);
        string At() => FormattableString.Invariant($"POINT ({Lon():R} {Lat():R})");
        Lifecycle Life() => random.Next(10) == 0 ? new Lifecycle(new DateOnly(2008, 1, 1), null, new DateOnly(2009, 1, 1), null) : Since2005;

        var places = new List<Village>(villages);
        var admin = 0;
        while (places.Count < villages)
        {
            // 10 counties × 20 townships, administrative villages numbered within their township.
            var parent = $"4117{20 + (admin % 10):00}{1 + (admin / 10 % 20):000}{1 + (admin / 200):000}";
            admin++;
            places.Add(Place(parent, At(), 2_000));
            for (var n = random.Next(3, 10); n > 0 && places.Count < villages; n--)
            {
                places.Add(Place($"{parent}{n:000}", At(), random.Next(50, 600), VillageKind.Natural));
            }
        }

        var stationList = Enumerable.Range(0, stations).Select(_ => random.Next(3) == 0
            ? Station(At(), RadioTechnology.Gsm, null, [new Sector(random.Next(360), 65, null), new Sector(random.Next(360), 65, null), new Sector(random.Next(360), 65, null)], Life())
            : Station(At(), (RadioTechnology)random.Next(1, 9), random.Next(2) == 0 ? null : 1_000 + random.Next(6_000), null, Life())).ToList();
        var access = Enumerable.Range(0, 600).Select(_ => Ap(At(), (AccessTechnology)random.Next(1, 6), 64, random.Next(65), null, random.Next(2) == 0, Life())).ToList();
        var routes = Enumerable.Range(0, 40).Select(_ => Route(FormattableString.Invariant(
            $"LINESTRING ({Lon():R} {Lat():R}, {Lon():R} {Lat():R})"), (FiberTier)random.Next(1, 4), Life())).ToList();
        var nodes = Enumerable.Range(0, 300).Select(_ => Node(At(), (SwitchingNodeKind)random.Next(1, 7), Life())).ToList();
        var transmitters = Enumerable.Range(0, 20).Select(_ => Transmitter(At(), (BroadcastKind)random.Next(1, 3), 20_000 + random.Next(30_000), Life())).ToList();
        var filings = Enumerable.Range(0, 5_000).Select(_ => Filing(places[random.Next(places.Count)].Code, (FiledService)random.Next(1, 5), (short)random.Next(1, 7))).ToList();
        return Input(places, stationList, access, nodes, transmitters, routes, filings);
    }
}

/// <summary>Timings mean nothing while other tests share the cores: this collection runs on its own.</summary>
[CollectionDefinition(nameof(CoverageScaleTests), DisableParallelization = true)]
public sealed class CoverageScaleCollection;
