using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Assets;

/// <summary>How a cable is laid (敷设方式).</summary>
public enum FiberLaying
{
    /// <summary>架空.</summary>
    Aerial = 1,

    /// <summary>直埋.</summary>
    DirectBuried = 2,

    /// <summary>管道.</summary>
    Duct = 3,
}

/// <summary>The role of a route in the network; the IP-backbone target counts <see cref="Backbone"/> routes.</summary>
public enum FiberTier
{
    /// <summary>骨干 (inter-county trunk).</summary>
    Backbone = 1,

    /// <summary>汇聚 (county seat to township).</summary>
    Distribution = 2,

    /// <summary>接入 (to villages and sites).</summary>
    Access = 3,
}

/// <summary>A fiber-optic cable route (光缆). Its length is geodesic and computed, never taken from the sender.</summary>
public sealed class FiberRoute : Asset
{
    private FiberRoute()
    {
        Route = null!;
    }

    public FiberRoute(short carrierId, string code, string? name, Lifecycle lifecycle, LineString route,
        int cores, FiberLaying laying, FiberTier tier, double? declaredLengthM)
        : base(carrierId, code, name, lifecycle)
    {
        Route = route;
        SetRoute(route);
        DomainException.Require(cores is > 0 and <= 10_000, "cores", $"Core count {cores} must be between 1 and 10,000.");
        DomainException.Require(Enum.IsDefined(laying), "laying", $"Unknown laying {laying}.");
        DomainException.Require(Enum.IsDefined(tier), "tier", $"Unknown tier {tier}.");
        Cores = cores;
        Laying = laying;
        Tier = tier;
        DeclaredLengthM = PositiveOrNull(declaredLengthM, "declaredLengthM", "A declared length");
    }

    public override AssetKind Kind => AssetKind.FiberRoute;

    public LineString Route { get; private set; }

    public int Cores { get; private set; }

    public FiberLaying Laying { get; private set; }

    public FiberTier Tier { get; private set; }

    /// <summary>Length the carrier declared, kept only to report discrepancies, metres.</summary>
    public double? DeclaredLengthM { get; private set; }

    /// <summary>Geodesic length on WGS 84, metres. The database computes the same figure in a generated column.</summary>
    public double LengthM { get; private set; }

    public void SetRoute(LineString route)
    {
        Route = Wgs84.Require(route, "geometry");
        DomainException.Require(route.NumPoints >= 2, "geometry", "A route needs at least two positions.");
        LengthM = Geodesic.LengthM(route);
        DomainException.Require(LengthM > 0, "geometry", "A route must have a length greater than 0.");
    }
}
