using Infra.Domain.Assets;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>What a service rests on in a place; several can hold at once (a filing and an access point, say).</summary>
[Flags]
public enum CoverageBasis : byte
{
    None = 0,
    Filing = 1,
    BaseStation = 2,
    AccessPoint = 4,
    SwitchingNode = 8,
    BroadcastTransmitter = 16,

    /// <summary>A fiber route near a township seat (IP backbone).</summary>
    FiberRoute = 32,
}

/// <summary>Why a candidate does not serve a place; an asset can fail for several reasons at once.</summary>
[Flags]
public enum CandidateReasons
{
    None = 0,

    /// <summary>Planned, under construction or retired on the as-of date; see <see cref="CoverageCandidate.Status"/>.</summary>
    NotInService = 1,

    /// <summary>Farther than its radius or reach (for a sectored station, farther than its longest sector).</summary>
    OutOfReach = 2,

    /// <summary>Within a sector's radius but outside every wedge that reaches that far.</summary>
    OutsideSectors = 4,

    /// <summary>An access point whose ports are all used.</summary>
    NoFreePorts = 8,

    /// <summary>An access point neither flagged fiber-connected nor near an in-service fiber route.</summary>
    NotFiberConnected = 16,

    /// <summary>A filing outside its validity dates on the as-of date.</summary>
    FilingNotValidOnDate = 32,

    /// <summary>A filing under a dispute that was open on the as-of date.</summary>
    FilingDisputed = 64,

    /// <summary>A filing whose dispute was resolved against the carrier.</summary>
    FilingRejected = 128,

    /// <summary>A cable-TV filing by a carrier that is not the radio-TV network.</summary>
    NotCableTvCarrier = 256,

    /// <summary>A mobile filing, while the options count mobile coverage by footprints only.</summary>
    MobileFilingsNotCounted = 512,
}

/// <summary>
/// One record a service rests on. <see cref="Index"/> is the record's position in its list of the
/// <see cref="CoverageInput"/>; <see cref="Id"/> is its database id (0 for records never stored).
/// </summary>
/// <param name="DistanceM">Geodesic metres from the asset to the place; null for a filing.</param>
public sealed record CoverageSource(CoverageBasis Basis, int Index, long Id, string Code, short CarrierId, string CarrierCode, double? DistanceM)
{
    /// <summary>
    /// For an access point that serves broadband without being flagged fiber-connected: the in-service
    /// route within <see cref="CoverageOptions.FiberProximityM"/> that counts as its fiber.
    /// </summary>
    public FiberLink? Fiber { get; init; }
}

/// <summary>The nearest in-service fiber route to an access point, which makes it fiber-connected.</summary>
public sealed record FiberLink(int RouteIndex, long RouteId, string RouteCode, double DistanceM);

/// <summary>
/// A record that could serve a place but does not, and why: the nearest asset of each kind the rule
/// names (whatever its state, among assets that existed on the as-of date), and every filing for the
/// place and service that does not count.
/// </summary>
/// <param name="Status">Lifecycle status on the as-of date; null for a filing.</param>
/// <param name="CommissionedOn">Commissioning date when recorded, also when it lies after the as-of date.</param>
public sealed record CoverageCandidate(
    CoverageBasis Basis, int Index, long Id, string Code, short CarrierId, string CarrierCode, double? DistanceM,
    CandidateReasons Reasons, AssetStatus? Status, DateOnly? CommissionedOn);

/// <summary>
/// A service in one place (village or, for the IP backbone, township): what it rests on, ordered filings
/// first (input order) then assets by distance, kind and input order; and, only when unserved, candidates.
/// </summary>
public sealed record ServiceReport(
    string PlaceCode, Service Service, CoverageBasis Bases,
    IReadOnlyList<CoverageSource> Sources, IReadOnlyList<CoverageCandidate> Candidates)
{
    public bool Served => Bases != CoverageBasis.None;
}
