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
}
