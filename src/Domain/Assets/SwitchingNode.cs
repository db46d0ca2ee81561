using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Assets;

/// <summary>Kinds of switching node (交换节点).</summary>
public enum SwitchingNodeKind
{
    /// <summary>端局: fixed-line local exchange.</summary>
    LocalExchange = 1,

    /// <summary>模块局: remote switching module of a local exchange.</summary>
    RemoteModule = 2,

    /// <summary>移动交换中心 (MSC).</summary>
    Msc = 3,

    /// <summary>PHS (小灵通) controller.</summary>
    PhsController = 4,

    /// <summary>Broadband remote access server.</summary>
    Bras = 5,

    /// <summary>Optical line terminal.</summary>
    Olt = 6,
}

/// <summary>A switching node with a capacity in lines or ports (门/线) and the subscribers using it.</summary>
public sealed class SwitchingNode : Asset
{
    private SwitchingNode()
    {
        Location = null!;
    }

    public SwitchingNode(short carrierId, string code, string? name, Lifecycle lifecycle, Point location,
        SwitchingNodeKind nodeKind, int capacityLines, int subscribersInUse)
        : base(carrierId, code, name, lifecycle)
    {
        Location = Wgs84.Require(location, "geometry");
        DomainException.Require(Enum.IsDefined(nodeKind), "nodeKind", $"Unknown switching node kind {nodeKind}.");
        NodeKind = nodeKind;
        SetUsage(capacityLines, subscribersInUse);
    }

    public override AssetKind Kind => AssetKind.SwitchingNode;

    public Point Location { get; private set; }

    public SwitchingNodeKind NodeKind { get; private set; }

    /// <summary>Installed capacity, lines or ports (门/线).</summary>
    public int CapacityLines { get; private set; }

    /// <summary>Subscribers in use, at most the capacity.</summary>
    public int SubscribersInUse { get; private set; }

    public void SetUsage(int capacityLines, int subscribersInUse)
    {
        DomainException.Require(capacityLines >= 0, "capacityLines", $"Capacity {capacityLines} cannot be negative.");
        DomainException.Require(subscribersInUse >= 0, "subscribersInUse", $"Subscribers in use {subscribersInUse} cannot be negative.");
        DomainException.Require(subscribersInUse <= capacityLines, "subscribersInUse",
            $"Subscribers in use ({subscribersInUse}) cannot exceed capacity ({capacityLines}).");
        CapacityLines = capacityLines;
        SubscribersInUse = subscribersInUse;
    }
}
