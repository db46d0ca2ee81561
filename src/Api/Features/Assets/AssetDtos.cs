using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Filings;

namespace Infra.Api.Features.Assets;

/// <summary>Properties every asset feature carries. <c>status</c> is as of the request's <c>datetime</c>, or today.</summary>
public record AssetProperties
{
    public long Id { get; init; }

    public required string Code { get; init; }

    public string? Name { get; init; }

    public required string Carrier { get; init; }

    public required string CarrierName { get; init; }

    public string? Status { get; init; }

    public DateOnly? PlannedOn { get; init; }

    public DateOnly? ConstructionStartedOn { get; init; }

    public DateOnly? CommissionedOn { get; init; }

    public DateOnly? RetiredOn { get; init; }

    /// <summary>Set when the record was withdrawn as created in error (it is then out of lists, coverage and tiles).</summary>
    public DateTimeOffset? WithdrawnAt { get; init; }

    public string? WithdrawnReason { get; init; }

    protected static T Fill<T>(T props, Asset a, Carrier carrier, DateOnly asOf) where T : AssetProperties => props with
    {
        Id = a.Id,
        Name = a.Name,
        Status = StatusName(a.Lifecycle.StatusOn(asOf)),
        PlannedOn = a.Lifecycle.PlannedOn,
        ConstructionStartedOn = a.Lifecycle.ConstructionStartedOn,
        CommissionedOn = a.Lifecycle.CommissionedOn,
        RetiredOn = a.Lifecycle.RetiredOn,
        WithdrawnAt = a.WithdrawnAt,
        WithdrawnReason = a.WithdrawnReason,
    };

    public static string? StatusName(AssetStatus? status) => status switch
    {
        AssetStatus.Planned => "planned",
        AssetStatus.UnderConstruction => "under_construction",
        AssetStatus.InService => "in_service",
        AssetStatus.Retired => "retired",
        _ => null,
    };
}

public sealed record BaseStationProperties : AssetProperties
{
    public RadioTechnology Technology { get; init; }

    public double? OmniRadiusM { get; init; }

    public IReadOnlyList<Sector> Sectors { get; init; } = [];

    public double? AntennaHeightM { get; init; }

    public static BaseStationProperties From(BaseStation s, Carrier c, DateOnly asOf) => Fill(new BaseStationProperties
    {
        Code = s.Code,
        Carrier = c.Code,
        CarrierName = c.Name,
        Technology = s.Technology,
        OmniRadiusM = s.OmniRadiusM,
        Sectors = s.Sectors,
        AntennaHeightM = s.AntennaHeightM,
    }, s, c, asOf);
}

public sealed record FiberRouteProperties : AssetProperties
{
    public int Cores { get; init; }

    public FiberLaying Laying { get; init; }

    public FiberTier Tier { get; init; }

    /// <summary>Geodesic length computed by Infra, metres.</summary>
    public double LengthM { get; init; }

    public double? DeclaredLengthM { get; init; }

    public static FiberRouteProperties From(FiberRoute f, Carrier c, DateOnly asOf) => Fill(new FiberRouteProperties
    {
        Code = f.Code,
        Carrier = c.Code,
        CarrierName = c.Name,
        Cores = f.Cores,
        Laying = f.Laying,
        Tier = f.Tier,
        LengthM = Math.Round(f.LengthM, 2),
        DeclaredLengthM = f.DeclaredLengthM,
    }, f, c, asOf);
}

public sealed record SwitchingNodeProperties : AssetProperties
{
    public SwitchingNodeKind NodeKind { get; init; }

    public int CapacityLines { get; init; }

    public int SubscribersInUse { get; init; }

    public static SwitchingNodeProperties From(SwitchingNode n, Carrier c, DateOnly asOf) => Fill(new SwitchingNodeProperties
    {
        Code = n.Code,
        Carrier = c.Code,
        CarrierName = c.Name,
        NodeKind = n.NodeKind,
        CapacityLines = n.CapacityLines,
        SubscribersInUse = n.SubscribersInUse,
    }, n, c, asOf);
}

public sealed record AccessPointProperties : AssetProperties
{
    public AccessTechnology Technology { get; init; }

    public int Ports { get; init; }

    public int PortsUsed { get; init; }

    public double? ReachM { get; init; }

    public bool FiberConnected { get; init; }

    public bool Integrated { get; init; }

    public static AccessPointProperties From(AccessPoint a, Carrier c, DateOnly asOf) => Fill(new AccessPointProperties
    {
        Code = a.Code,
        Carrier = c.Code,
        CarrierName = c.Name,
        Technology = a.Technology,
        Ports = a.Ports,
        PortsUsed = a.PortsUsed,
        ReachM = a.ReachM,
        FiberConnected = a.FiberConnected,
        Integrated = a.Integrated,
    }, a, c, asOf);
}

public sealed record TransmitterProperties : AssetProperties
{
    public BroadcastKind BroadcastKind { get; init; }

    public double PowerKw { get; init; }

    public double ServiceRadiusM { get; init; }

    public static TransmitterProperties From(BroadcastTransmitter t, Carrier c, DateOnly asOf) => Fill(new TransmitterProperties
    {
        Code = t.Code,
        Carrier = c.Code,
        CarrierName = c.Name,
        BroadcastKind = t.BroadcastKind,
        PowerKw = t.PowerKw,
        ServiceRadiusM = t.ServiceRadiusM,
    }, t, c, asOf);
}

/// <summary>A service filing on the wire; <c>counts</c> says whether it counts toward coverage on the as-of date.</summary>
public sealed record ServiceFilingProperties(
    long Id, string Code, string Carrier, string CarrierName, string VillageCode, FiledService Service, string? Technology,
    double? MaxDownMbps, double? MaxUpMbps, DateOnly ValidFrom, DateOnly? ValidTo, int? Subscribers,
    DisputeState DisputeState, DateOnly? DisputedOn, DateOnly? ResolvedOn, string? DisputeNote, bool Counts,
    DateTimeOffset? WithdrawnAt, string? WithdrawnReason)
{
    public static ServiceFilingProperties From(ServiceFiling f, Carrier c, DateOnly asOf) => new(
        f.Id, f.Code, c.Code, c.Name, f.VillageCode, f.Service, f.Technology, f.MaxDownMbps, f.MaxUpMbps, f.ValidFrom, f.ValidTo,
        f.Subscribers, f.DisputeState, f.DisputedOn, f.ResolvedOn, f.DisputeNote, f.CountsOn(asOf), f.WithdrawnAt, f.WithdrawnReason);
}
