using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Assets;

/// <summary>Access technologies (接入方式).</summary>
public enum AccessTechnology
{
    Adsl = 1,

    /// <summary>PON / FTTx.</summary>
    Pon = 2,
    Lan = 3,
    FixedWireless = 4,

    /// <summary>Cable modem over the radio-TV network.</summary>
    Cable = 5,
}

/// <summary>An access point (接入网点), including the plan's rural integrated access points (农村综合接入网点).</summary>
public sealed class AccessPoint : Asset
{
    private AccessPoint()
    {
        Location = null!;
    }

    public AccessPoint(short carrierId, string code, string? name, Lifecycle lifecycle, Point location,
        AccessTechnology technology, int ports, int portsUsed, double? reachM, bool fiberConnected, bool integrated)
        : base(carrierId, code, name, lifecycle)
    {
        Location = Wgs84.Require(location, "geometry");
        DomainException.Require(Enum.IsDefined(technology), "technology", $"Unknown access technology {technology}.");
        Technology = technology;
        SetPorts(ports, portsUsed);
        ReachM = PositiveOrNull(reachM, "reachM", "Reach");
        FiberConnected = fiberConnected;
        Integrated = integrated;
    }

    public override AssetKind Kind => AssetKind.AccessPoint;

    public Point Location { get; private set; }

    public AccessTechnology Technology { get; private set; }

    public int Ports { get; private set; }

    public int PortsUsed { get; private set; }

    /// <summary>How far from the point a subscriber can be served, metres; null takes the technology default.</summary>
    public double? ReachM { get; private set; }

    /// <summary>Whether the point's uplink is fiber (needed for it to count as broadband).</summary>
    public bool FiberConnected { get; private set; }

    /// <summary>A 农村综合接入网点 (voice, broadband and information services in one rural site).</summary>
    public bool Integrated { get; private set; }

    public int FreePorts => Ports - PortsUsed;

    public void SetPorts(int ports, int portsUsed)
    {
        DomainException.Require(ports >= 0, "ports", $"Ports {ports} cannot be negative.");
        DomainException.Require(portsUsed >= 0, "portsUsed", $"Ports used {portsUsed} cannot be negative.");
        DomainException.Require(portsUsed <= ports, "portsUsed", $"Ports used ({portsUsed}) cannot exceed ports ({ports}).");
        Ports = ports;
        PortsUsed = portsUsed;
    }
}
