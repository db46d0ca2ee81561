namespace Infra.Domain.Regions;

/// <summary>
/// Shapes of the division codes: GB/T 2260 county codes (6 digits) extended by the statistical
/// division codes (township 9, village 12); a natural village adds three digits to its village's code.
/// </summary>
public static class RegionCodes
{
    public static bool IsCity(string? code) => IsDigits(code, 6) && code!.EndsWith("00", StringComparison.Ordinal);

    public static bool IsCounty(string? code) => IsDigits(code, 6);

    public static bool IsTownship(string? code) => IsDigits(code, 9);

    public static bool IsAdministrativeVillage(string? code) => IsDigits(code, 12);

    public static bool IsNaturalVillage(string? code) => IsDigits(code, 15);

    private static bool IsDigits(string? code, int length) =>
        code is not null && code.Length == length && code.All(char.IsAsciiDigit);
}
