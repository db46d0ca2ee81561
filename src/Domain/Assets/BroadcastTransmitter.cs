using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Assets;

public enum BroadcastKind
{
    Radio = 1,
    Tv = 2,
}

/// <summary>A radio or TV transmitter (广播电视发射台) with the radius it serves.</summary>
public sealed class BroadcastTransmitter : Asset
{
    private BroadcastTransmitter()
    {
        Location = null!;
    }

    public BroadcastTransmitter(short carrierId, string code, string? name, Lifecycle lifecycle, Point location,
        BroadcastKind broadcastKind, double powerKw, double serviceRadiusM)
        : base(carrierId, code, name, lifecycle)
    {
        Location = Wgs84.Require(location, "geometry");
        DomainException.Require(Enum.IsDefined(broadcastKind), "broadcastKind", $"Unknown broadcast kind {broadcastKind}.");
        BroadcastKind = broadcastKind;
        DomainException.Require(double.IsFinite(powerKw) && powerKw > 0, "powerKw", "Transmit power must be greater than 0 kW.");
        DomainException.Require(double.IsFinite(serviceRadiusM) && serviceRadiusM > 0, "serviceRadiusM", "Service radius must be greater than 0 metres.");
        PowerKw = powerKw;
        ServiceRadiusM = serviceRadiusM;
    }

    public override AssetKind Kind => AssetKind.BroadcastTransmitter;

    public Point Location { get; private set; }

    public BroadcastKind BroadcastKind { get; private set; }

    public double PowerKw { get; private set; }

    /// <summary>Radius of the service area, metres.</summary>
    public double ServiceRadiusM { get; private set; }
}
