using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Regions;

/// <summary>A county-level division (区/县), GB/T 2260 code <c>4117xx</c>.</summary>
public sealed class County
{
    private County()
    {
        Code = Name = NameEn = "";
        Boundary = null!;
        Seat = null!;
    }

    public County(string code, string name, string nameEn, MultiPolygon boundary, Point seat)
    {
        DomainException.Require(RegionCodes.IsCounty(code), "code", $"County code '{code}' must be 6 digits (GB/T 2260).");
        DomainException.Require(!string.IsNullOrWhiteSpace(name), "name", "County name is required.");
        Code = code;
        Name = name;
        NameEn = nameEn;
        Boundary = Wgs84.Require(boundary, "boundary");
        Seat = Wgs84.Require(seat, "seat");
    }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public string NameEn { get; private set; }

    /// <summary>WGS 84 lon/lat.</summary>
    public MultiPolygon Boundary { get; private set; }

    /// <summary>Seat of the county government, WGS 84 lon/lat.</summary>
    public Point Seat { get; private set; }
}
