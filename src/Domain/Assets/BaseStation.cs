using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Assets;

/// <summary>Radio technologies of base stations, oldest first.</summary>
public enum RadioTechnology
{
    Gsm = 1,
    Cdma = 2,

    /// <summary>PHS 小灵通 (Personal Handy-phone System).</summary>
    Phs = 3,
    TdScdma = 4,
    Wcdma = 5,
    Cdma2000 = 6,
    Lte = 7,
    Nr = 8,
}

/// <summary>One sector of a station's antenna: a wedge centred on an azimuth.</summary>
public sealed record Sector
{
    public Sector(double azimuthDeg, double beamwidthDeg, double? radiusM)
    {
        DomainException.Require(double.IsFinite(azimuthDeg) && azimuthDeg is >= 0 and < 360, "sectors.azimuthDeg",
            $"Sector azimuth {azimuthDeg} must be in [0, 360) degrees clockwise from north.");
        DomainException.Require(double.IsFinite(beamwidthDeg) && beamwidthDeg is > 0 and <= 360, "sectors.beamwidthDeg",
            $"Sector beamwidth {beamwidthDeg} must be in (0, 360] degrees.");
        DomainException.Require(radiusM is null || (double.IsFinite(radiusM.Value) && radiusM > 0), "sectors.radiusM",
            "Sector radius must be greater than 0 metres.");
        AzimuthDeg = azimuthDeg;
        BeamwidthDeg = beamwidthDeg;
        RadiusM = radiusM;
    }

    /// <summary>Centre of the wedge, degrees clockwise from true north, in [0, 360).</summary>
    public double AzimuthDeg { get; }

    /// <summary>Full opening angle, degrees, in (0, 360].</summary>
    public double BeamwidthDeg { get; }

    /// <summary>Reach in metres; null takes the station's technology default.</summary>
    public double? RadiusM { get; }
}

/// <summary>A base station (基站): a point with an omni footprint or sectors.</summary>
public sealed class BaseStation : Asset
{
    private BaseStation()
    {
        Location = null!;
        Sectors = [];
    }

    public BaseStation(short carrierId, string code, string? name, Lifecycle lifecycle, Point location,
        RadioTechnology technology, double? omniRadiusM, IReadOnlyList<Sector>? sectors, double? antennaHeightM)
        : base(carrierId, code, name, lifecycle)
    {
        Location = Wgs84.Require(location, "geometry");
        DomainException.Require(Enum.IsDefined(technology), "technology", $"Unknown radio technology {technology}.");
        Technology = technology;
        Sectors = [];
        SetFootprint(omniRadiusM, sectors);
        AntennaHeightM = PositiveOrNull(antennaHeightM, "antennaHeightM", "Antenna height");
    }

    public override AssetKind Kind => AssetKind.BaseStation;

    public Point Location { get; private set; }

    public RadioTechnology Technology { get; private set; }

    /// <summary>Radius of an omni footprint in metres; null with sectors, or to take the technology default.</summary>
    public double? OmniRadiusM { get; private set; }

    /// <summary>Sectors; empty for an omni station.</summary>
    public IReadOnlyList<Sector> Sectors { get; private set; }

    /// <summary>Antenna height above ground, metres.</summary>
    public double? AntennaHeightM { get; private set; }

    public void SetFootprint(double? omniRadiusM, IReadOnlyList<Sector>? sectors)
    {
        sectors ??= [];
        PositiveOrNull(omniRadiusM, "omniRadiusM", "Radius");
        DomainException.Require(omniRadiusM is null || sectors.Count == 0, "sectors",
            "A station has an omni radius or sectors, not both.");
        DomainException.Require(sectors.Count <= 24, "sectors", "A station has at most 24 sectors.");
        OmniRadiusM = omniRadiusM;
        Sectors = [.. sectors];
    }
}
