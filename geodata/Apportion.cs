namespace Infra.Geodata;

/// <summary>Integer splits that add up exactly, and the random draws the generator shares.</summary>
internal static class Apportion
{
    /// <summary>
    /// Splits <paramref name="total"/> in proportion to <paramref name="weights"/> by largest remainder
    /// (Hamilton's method); ties go to the earlier index, so the split is deterministic.
    /// </summary>
    public static int[] LargestRemainder(long total, IReadOnlyList<double> weights, int minimum = 0)
    {
        var n = weights.Count;
        var result = new int[n];
        if (n == 0)
        {
            return total == 0 ? result : throw new ArgumentException("Nothing to split the total among.", nameof(weights));
        }

        var rest = total - ((long)minimum * n);
        if (rest < 0)
        {
            throw new ArgumentException($"{total} cannot give {minimum} to each of {n}.", nameof(total));
        }

        var sum = weights.Sum();
        var remainders = new double[n];
        long given = 0;
        for (var k = 0; k < n; k++)
        {
            var quota = sum > 0 ? rest * weights[k] / sum : (double)rest / n;
            var whole = (long)Math.Floor(quota);
            result[k] = minimum + (int)whole;
            remainders[k] = quota - whole;
            given += whole;
        }

        var order = Enumerable.Range(0, n).OrderByDescending(k => remainders[k]).ThenBy(k => k).ToArray();
        for (var k = 0; given < rest; k = (k + 1) % n)
        {
            result[order[k]]++;
            given++;
        }

        return result;
    }

    /// <summary>A log-normal factor with median 1.</summary>
    public static double LogNormal(Random random, double sigma) => Math.Exp(sigma * Normal(random));

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Normal(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }

    public static double Uniform(Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    /// <summary>Households for a population at 3.3–3.9 persons each (rural Henan around 2005), never more than the people.</summary>
    public static int Households(Random random, int population) =>
        population == 0 ? 0 : Math.Clamp((int)Math.Round(population / Uniform(random, 3.3, 3.9)), 1, population);
}
