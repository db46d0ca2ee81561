using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Regions;

/// <summary>What a township-level division is; only 镇 and 乡 are rural in the plan's sense (农村).</summary>
public enum TownshipKind
{
    /// <summary>街道 (urban).</summary>
    Subdistrict = 1,

    /// <summary>镇.</summary>
    Town = 2,

    /// <summary>乡.</summary>
    Township = 3,

    /// <summary>Other township-level units (farms, development zones): neither 街道 nor 镇/乡.</summary>
    Other = 4,
}

/// <summary>A township-level division (乡/镇/街道), 9-digit statistical code.</summary>
public sealed class Township
{
    private Township()
    {
        Code = CountyCode = Name = "";
        Boundary = null!;
        Seat = null!;
    }

    public Township(string code, string countyCode, string name, TownshipKind kind, MultiPolygon boundary, Point seat)
    {
        DomainException.Require(RegionCodes.IsTownship(code) && code.StartsWith(countyCode, StringComparison.Ordinal), "code",
            $"Township code '{code}' must be 9 digits beginning with its county code {countyCode}.");
        DomainException.Require(!string.IsNullOrWhiteSpace(name), "name", "Township name is required.");
        DomainException.Require(Enum.IsDefined(kind), "kind", $"Unknown township kind {kind}.");
        Code = code;
        CountyCode = countyCode;
        Name = name;
        Kind = kind;
        Boundary = Wgs84.Require(boundary, "boundary");
        Seat = Wgs84.Require(seat, "seat");
    }

    public string Code { get; private set; }

    public string CountyCode { get; private set; }

    public string Name { get; private set; }

    public TownshipKind Kind { get; private set; }

    public MultiPolygon Boundary { get; private set; }

    /// <summary>Seat of the township government, WGS 84 lon/lat.</summary>
    public Point Seat { get; private set; }

    /// <summary>The plan's 农村: a 镇 or a 乡.</summary>
    public bool IsRural => Kind is TownshipKind.Town or TownshipKind.Township;
}
