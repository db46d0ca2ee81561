using Infra.Domain.Planning;

namespace Infra.Domain.Tests.Planning;

public class MaxCoverageTests
{
    [Fact]
    public void Greedy_finds_the_optimum_where_it_is_plain()
    {
        int[][] sets = [[0, 1, 2], [2, 3], [3, 4, 5, 6], [0, 6]];
        double[] weights = [1, 1, 1, 1, 1, 1, 1];
        var r = MaxCoverage.Solve(sets, weights, 2, TestContext.Current.CancellationToken);
        Assert.Equal([2, 0], r.Chosen);
        Assert.Equal(7, r.Covered);
        Assert.Equal([4.0, 3.0], r.Gains);
        Assert.True(r.UpperBound >= 7);
    }

    [Fact]
    public void The_classic_trap_costs_greedy_but_the_bound_still_holds()
    {
        // Optimum {0, 1} covers 8; greedy takes the big middle set first and ends with 7.
        int[][] sets = [[0, 1, 2, 3], [4, 5, 6, 7], [1, 2, 5, 6, 8]];
        double[] weights = [1, 1, 1, 1, 1, 1, 1, 1, 0.5];
        var r = MaxCoverage.Solve(sets, weights, 2, TestContext.Current.CancellationToken);
        Assert.Equal(2, r.Chosen[0]);
        Assert.Equal(6.5, r.Covered);
        Assert.True(r.UpperBound >= 8);
        Assert.True(r.Covered >= (1 - (1 / Math.E)) * 8);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void On_random_small_cases_greedy_keeps_its_guarantee_and_the_bound_is_above_the_optimum(int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, 30).Select(_ => (double)random.Next(1, 100)).ToArray();
        var sets = Enumerable.Range(0, 12).Select(_ => Enumerable.Range(0, 30).Where(_ => random.NextDouble() < 0.2).ToArray()).ToList();
        const int k = 3;
        var optimum = 0.0;
        foreach (var combo in Combinations(sets.Count, k))
        {
            optimum = Math.Max(optimum, combo.SelectMany(i => sets[i]).Distinct().Sum(e => weights[e]));
        }

        var r = MaxCoverage.Solve(sets, weights, k, TestContext.Current.CancellationToken);
        Assert.True(r.Covered >= (1 - (1 / Math.E)) * optimum - 1e-9);
        Assert.True(r.UpperBound >= optimum - 1e-9, $"bound {r.UpperBound} < optimum {optimum}");
        Assert.Equal(r.Covered, r.Chosen.SelectMany(i => sets[i]).Distinct().Sum(e => weights[e]));
        Assert.Equal(r.Chosen, MaxCoverage.Solve(sets, weights, k, TestContext.Current.CancellationToken).Chosen);
    }

    [Fact]
    public void Lazy_evaluation_agrees_with_plain_greedy()
    {
        var random = new Random(42);
        var weights = Enumerable.Range(0, 500).Select(_ => (double)random.Next(1, 1000)).ToArray();
        var sets = Enumerable.Range(0, 200).Select(_ => Enumerable.Range(0, 500).Where(_ => random.NextDouble() < 0.03).ToArray()).ToList();
        var lazy = MaxCoverage.Solve(sets, weights, 25, TestContext.Current.CancellationToken);

        var covered = new bool[500];
        var plain = new List<int>();
        for (var step = 0; step < 25; step++)
        {
            var best = Enumerable.Range(0, sets.Count).Where(i => !plain.Contains(i))
                .Select(i => (i, gain: sets[i].Where(e => !covered[e]).Sum(e => weights[e])))
                .OrderByDescending(x => x.gain).ThenBy(x => x.i).First();
            plain.Add(best.i);
            foreach (var e in sets[best.i])
            {
                covered[e] = true;
            }
        }

        Assert.Equal(plain, lazy.Chosen);
    }

    private static IEnumerable<int[]> Combinations(int n, int k)
    {
        if (k == 0)
        {
            yield return [];
            yield break;
        }

        for (var first = 0; first <= n - k; first++)
        {
            foreach (var rest in Combinations(n - first - 1, k - 1))
            {
                yield return [first, .. rest.Select(x => x + first + 1)];
            }
        }
    }
}
