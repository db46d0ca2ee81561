using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Regions;

/// <summary>The village-level units Infra knows about.</summary>
public enum VillageKind
{
    /// <summary>行政村 (村民委员会), 12-digit code; the plan's "village".</summary>
    Administrative = 1,

    /// <summary>自然村: its administrative village's code plus three digits (15 digits).</summary>
    Natural = 2,

    /// <summary>
    /// 社区 (居民委员会), 12-digit code: urban, not one of the plan's villages, but it holds the
    /// urban population that population-weighted targets (radio, TV) count.
    /// </summary>
    Community = 3,
}

/// <summary>A village-level place with a point, population and households.</summary>
public sealed class Village
{
    private Village()
    {
        Code = TownshipCode = Name = "";
        Location = null!;
    }

    public Village(string code, VillageKind kind, string name, string townshipCode, string? parentCode,
        Point location, int population, int households)
    {
        DomainException.Require(Enum.IsDefined(kind), "kind", $"Unknown village kind {kind}.");
        if (kind == VillageKind.Natural)
        {
            DomainException.Require(parentCode is not null && RegionCodes.IsAdministrativeVillage(parentCode), "parentCode",
                "A natural village needs its administrative village's 12-digit code.");
            DomainException.Require(RegionCodes.IsNaturalVillage(code) && code.StartsWith(parentCode!, StringComparison.Ordinal), "code",
                $"Natural village code '{code}' must be its administrative village's code {parentCode} plus three digits.");
        }
        else
        {
            DomainException.Require(parentCode is null, "parentCode", "Only a natural village has a parent village.");
            DomainException.Require(RegionCodes.IsAdministrativeVillage(code), "code", $"Village code '{code}' must be 12 digits.");
        }

        DomainException.Require(code.StartsWith(townshipCode, StringComparison.Ordinal), "code",
            $"Village code '{code}' must begin with its township code {townshipCode}.");
        DomainException.Require(!string.IsNullOrWhiteSpace(name), "name", "Village name is required.");
        DomainException.Require(population >= 0, "population", "Population cannot be negative.");
        DomainException.Require(households >= 0, "households", "Households cannot be negative.");
        DomainException.Require(households <= population, "households", "There cannot be more households than people.");
        Code = code;
        Kind = kind;
        Name = name;
        TownshipCode = townshipCode;
        ParentCode = parentCode;
        Location = Wgs84.Require(location, "location");
        Population = population;
        Households = households;
    }

    public string Code { get; private set; }

    public VillageKind Kind { get; private set; }

    public string Name { get; private set; }

    public string TownshipCode { get; private set; }

    /// <summary>For a natural village, its administrative village's code.</summary>
    public string? ParentCode { get; private set; }

    /// <summary>The village's centre (村委会 or hamlet), WGS 84 lon/lat.</summary>
    public Point Location { get; private set; }

    /// <summary>Resident population. For an administrative village, all of its natural villages together.</summary>
    public int Population { get; private set; }

    public int Households { get; private set; }

    public string CountyCode => Code[..6];
}
