namespace Infra.Domain.Regions;

/// <summary>A prefecture-level city (地级市), GB/T 2260 code <c>xxyy00</c>: the region its counties' codes begin with.</summary>
public sealed class City
{
    private City()
    {
        Code = Name = NameEn = "";
    }

    public City(string code, string name, string nameEn)
    {
        DomainException.Require(RegionCodes.IsCity(code), "code", $"City code '{code}' must be 6 digits ending in 00 (GB/T 2260).");
        DomainException.Require(!string.IsNullOrWhiteSpace(name), "name", "City name is required.");
        Code = code;
        Name = name;
        NameEn = nameEn;
    }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public string NameEn { get; private set; }

    /// <summary>The code of the city all these division codes (county, township, village) lie in, or "" when they span several.</summary>
    public static string CodeOf(IEnumerable<string> codes) =>
        codes.Select(c => c[..4]).Distinct().Take(2).ToList() is [var prefix] ? prefix + "00" : "";

    /// <summary>The name of the city with this code in Chinese and English; without one (several cities, or none named) "the whole region".</summary>
    public static (string Name, string NameEn) NameOf(IReadOnlyDictionary<string, City> cities, string code) =>
        cities.TryGetValue(code, out var city) ? (city.Name, city.NameEn) : ("全区域", "Whole region");
}
