namespace Infra.Domain.Planning;

/// <summary>The result of choosing K sets to cover the most weight.</summary>
/// <param name="Chosen">Indices of the chosen sets, in the order they were chosen.</param>
/// <param name="Gains">Weight each chosen set newly covered when it was chosen.</param>
/// <param name="Covered">Total weight covered by the chosen sets.</param>
/// <param name="UpperBound">
/// A proven upper bound on the best possible total: for any prefix S of the greedy choice and the K largest
/// marginal gains g₁…g_K over S, OPT ≤ f(S) + Σgᵢ (submodularity); the smallest over all prefixes is reported.
/// </param>
public sealed record MaxCoverageResult(IReadOnlyList<int> Chosen, IReadOnlyList<double> Gains, double Covered, double UpperBound)
{
    /// <summary>Covered / upper bound: how close to optimal the choice is proven to be (greedy guarantees ≥ 1 − 1/e ≈ 0.632).</summary>
    public double ProvenRatio => UpperBound <= 0 ? 1 : Covered / UpperBound;
}

/// <summary>
/// Weighted maximum coverage by lazy greedy (Minoux 1978; "CELF", Leskovec et al. 2007): take the set with
/// the largest marginal gain K times, re-evaluating a set's gain only when it reaches the top of the queue
/// (gains only shrink as more is covered, so a stale gain is an upper bound). Greedy carries the
/// (1 − 1/e) guarantee (Nemhauser, Wolsey &amp; Fisher 1978); the queue's stale gains also give the online
/// upper bound reported with the result. Ties go to the lower index, so the result is deterministic.
/// </summary>
public static class MaxCoverage
{
    /// <param name="sets">For each candidate, the elements it covers (indices into <paramref name="weights"/>).</param>
    /// <param name="weights">Weight of each element (population, or 1 to count villages).</param>
    /// <param name="k">How many sets to choose.</param>
    public static MaxCoverageResult Solve(IReadOnlyList<int[]> sets, IReadOnlyList<double> weights, int k, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        var covered = new bool[weights.Count];
        var queue = new PriorityQueue<int, (double Gain, int Index)>(Comparer<(double Gain, int Index)>.Create((a, b) =>
            a.Gain != b.Gain ? b.Gain.CompareTo(a.Gain) : a.Index.CompareTo(b.Index)));
        var stale = new double[sets.Count];
        for (var i = 0; i < sets.Count; i++)
        {
            stale[i] = sets[i].Sum(e => weights[e]);
            queue.Enqueue(i, (stale[i], i));
        }

        var chosen = new List<int>();
        var gains = new List<double>();
        var total = 0.0;
        var bound = double.PositiveInfinity;
        while (chosen.Count < k && queue.Count > 0)
        {
            ct.ThrowIfCancellationRequested();
            var i = queue.Dequeue();
            var gain = Gain(sets[i], weights, covered);
            if (gain < stale[i] && queue.TryPeek(out _, out var next) && (gain < next.Gain || (gain == next.Gain && i > next.Index)))
            {
                stale[i] = gain;
                queue.Enqueue(i, (gain, i));
                continue;
            }

            // Before taking i: every remaining set's stale gain, and i's fresh one, bound its marginal gain over S.
            bound = Math.Min(bound, total + TopSum(queue.UnorderedItems.Select(x => x.Priority.Gain).Append(gain), k));
            if (gain <= 0)
            {
                break;
            }

            chosen.Add(i);
            gains.Add(gain);
            total += gain;
            foreach (var e in sets[i])
            {
                covered[e] = true;
            }
        }

        bound = Math.Min(bound, total + TopSum(queue.UnorderedItems.Select(x => x.Priority.Gain), k));

        // Nothing can cover more than every element some set reaches.
        bound = Math.Min(bound, sets.SelectMany(s => s).Distinct().Sum(e => weights[e]));
        return new MaxCoverageResult(chosen, gains, total, Math.Max(bound, total));
    }

    private static double Gain(int[] set, IReadOnlyList<double> weights, bool[] covered)
    {
        var gain = 0.0;
        foreach (var e in set)
        {
            if (!covered[e])
            {
                gain += weights[e];
            }
        }

        return gain;
    }

    /// <summary>Sum of the K largest values, with a K-sized min-heap (the queue can hold many candidates).</summary>
    private static double TopSum(IEnumerable<double> values, int k)
    {
        var top = new PriorityQueue<double, double>();
        foreach (var v in values)
        {
            if (top.Count < k)
            {
                top.Enqueue(v, v);
            }
            else if (k > 0 && v > top.Peek())
            {
                top.DequeueEnqueue(v, v);
            }
        }

        return top.UnorderedItems.Sum(x => x.Element);
    }
}
