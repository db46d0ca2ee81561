namespace Infra.Geodata.Scale;

/// <summary>
/// The size of a synthetic data set and the lon/lat extent it is spread over. Counts follow DESIGN §6: a
/// province is ~50,000 administrative / ~300,000 natural villages, all of China ~490,000 / ~2.6 M.
/// </summary>
/// <param name="CountyCodePrefix">First two digits of the generated county codes (41 = Henan), counting up per 100 counties.</param>
public sealed record ScaleSpec(
    string Name, int AdminVillages, int NaturalVillages, int Stations,
    double MinLon, double MinLat, double MaxLon, double MaxLat, int CountyCodePrefix)
{
    /// <summary>
    /// Henan-sized: 50,000 / 300,000 / 60,000 over Henan's extent (110.4–116.6 E, 31.4–36.4 N, ~167,000 km²).
    /// Henan has 157 county-level divisions and ~47,000 administrative villages (NBS 2021): ~300 per county.
    /// </summary>
    public static ScaleSpec Province { get; } = new("province", 50_000, 300_000, 60_000, 110.4, 31.4, 116.6, 36.4, 41);

    /// <summary>
    /// China-sized: 490,000 / 2,600,000 / 1,000,000 over the settled east of the Hu line (98–122 E, 21–41 N, ~5 M km²),
    /// ~2,850 county-level divisions (NBS) with ~170 administrative villages each.
    /// </summary>
    public static ScaleSpec National { get; } = new("national", 490_000, 2_600_000, 1_000_000, 98, 21, 122, 41, 11);

    /// <summary>The issue's yardstick: 1,000,000 villages against 100,000 stations, over a region the size of three provinces.</summary>
    public static ScaleSpec Goal { get; } = new("goal", 160_000, 840_000, 100_000, 108, 28, 118, 36, 31);

    /// <summary>Prefecture-sized (Zhumadian's 15,000 km²), for tests and quick runs.</summary>
    public static ScaleSpec Prefecture { get; } = new("prefecture", 3_000, 18_000, 4_000, 113.1, 32.3, 115.2, 33.5, 41);

    public static IReadOnlyList<ScaleSpec> All { get; } = [Prefecture, Province, Goal, National];

    public static ScaleSpec Named(string name) =>
        All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown scale '{name}'; use one of {string.Join(", ", All.Select(s => s.Name))}.", nameof(name));

    /// <summary>Administrative villages per county: ~300 in a province (Henan), ~170 nationally; fewer counties for smaller sets.</summary>
    public int Counties => Math.Max(4, (int)Math.Round(AdminVillages / (AdminVillages >= 400_000 ? 172.0 : 250.0)));

    /// <summary>The date the benchmarks evaluate: late enough for every technology to be on air, with some stations retired and some planned.</summary>
    public static DateOnly AsOf { get; } = new(2020, 12, 31);
}
