using System.Collections.Frozen;
using Infra.Domain.Assets;

namespace Infra.Domain.Coverage;

/// <summary>
/// Every number and choice the coverage rules use (DESIGN §2). Distances are geodesic metres on WGS 84
/// and compared inclusively: a village exactly at a radius is covered. An asset's own radius or reach,
/// when recorded, always wins over these defaults.
/// </summary>
public sealed record CoverageOptions
{
    public static CoverageOptions Default { get; } = new();

    /// <summary>
    /// Footprint radius of a station or sector that records none, by technology. Okumura–Hata (Hata 1980,
    /// IEEE Trans. Veh. Technol. VT-29(3)) with its suburban correction, extended to 2 GHz by COST 231
    /// (Final Report, 1999, §4.4): base antenna 30 m, handset 1.5 m, 140 dB maximum allowable path loss
    /// (an assumed mid-range outdoor budget after fade and body-loss margins), on each system's uplink band
    /// in China. Loss grows 35 dB per decade of distance here, so ±5 dB of budget scales these by ×0.72/×1.39.
    /// </summary>
    public IReadOnlyDictionary<RadioTechnology, double> DefaultRadiusM { get; init; } = new Dictionary<RadioTechnology, double>
    {
        [RadioTechnology.Gsm] = 4_700,      // 900 MHz (uplink 890–915 MHz): Hata gives 4.66 km
        [RadioTechnology.Cdma] = 4_900,     // 800 MHz (uplink 825–835 MHz): 4.88 km
        [RadioTechnology.Cdma2000] = 4_900, // same 800 MHz band as CDMA
        [RadioTechnology.TdScdma] = 2_600,  // 2010–2025 MHz: COST 231, 2.57 km
        [RadioTechnology.Wcdma] = 2_600,    // uplink 1940–1955 MHz: 2.63 km
        [RadioTechnology.Lte] = 2_900,      // 1.8 GHz FDD (uplink ~1750 MHz), China's rural LTE layer: 2.86 km
        [RadioTechnology.Nr] = 2_100,       // 2.6 GHz (n41), COST 231 extrapolated past its 2 GHz limit: 2.13 km
        // PHS cell stations radiate at most 500 mW (ARIB RCR STD-28) and form microcells of "several hundred
        // metres" (PHS MoU); the usual quoted range is 100–500 m. Hata with a 15 m mast and ~120 dB gives 570 m.
        [RadioTechnology.Phs] = 500,
    }.ToFrozenDictionary();

    /// <summary>Technologies whose footprints count as mobile coverage. PHS (小灵通) is a wireless local loop, not mobile.</summary>
    public IReadOnlySet<RadioTechnology> MobileTechnologies { get; init; } =
        Enum.GetValues<RadioTechnology>().Where(t => t != RadioTechnology.Phs).ToFrozenSet();

    /// <summary>Technologies that give phone service (通电话) but not mobile coverage.</summary>
    public IReadOnlySet<RadioTechnology> WirelessLocalLoopTechnologies { get; init; } =
        new[] { RadioTechnology.Phs }.ToFrozenSet();

    /// <summary>
    /// Whether a carrier's mobile filing counts as mobile coverage (and so as phone). Off: DESIGN §2 defines
    /// mobile coverage by station footprints; a filing without a station behind it is reported as a candidate.
    /// </summary>
    public bool MobileFilingsCount { get; init; }

    /// <summary>
    /// Straight-line reach of an access point that records none. Cable plant follows roads, so a cable
    /// limit is divided by a route factor of 1.25: between the ≈1.2 measured for road networks (Newell 1980;
    /// O'Sullivan 1996: 1.21–1.23) and the 4/π ≈ 1.27 of a rectangular grid of field roads like the Huang–Huai plain's.
    /// </summary>
    public IReadOnlyDictionary<AccessTechnology, double> DefaultReachM { get; init; } = new Dictionary<AccessTechnology, double>
    {
        // 5.5 km (18 kft) is the usual ADSL loop-length limit, where G.992.1 still trains at ~1.5 Mbit/s: 5,500 / 1.25.
        [AccessTechnology.Adsl] = 4_400,
        // ITU-T G.984.1: 20 km maximum fibre distance between OLT and ONU (class B+ budget): 20,000 / 1.25.
        [AccessTechnology.Pon] = 16_000,
        // IEEE 802.3 twisted-pair channel: 100 m (90 m permanent link + cords): 100 / 1.25.
        [AccessTechnology.Lan] = 80,
        // Hata/COST 231 as for stations, extrapolated to a 3.5 GHz fixed wireless access band, CPE on a 4 m mast, 140 dB: 2.89 km.
        [AccessTechnology.FixedWireless] = 2_900,
        // HFC coax from the optical node: assumed four trunk amplifiers ~500 m apart at 750 MHz, 2 km of coax / 1.25.
        [AccessTechnology.Cable] = 1_600,
    }.ToFrozenDictionary();

    /// <summary>Access technologies that give broadband. Every one the model knows is broadband-capable.</summary>
    public IReadOnlySet<AccessTechnology> BroadbandAccessTechnologies { get; init; } =
        Enum.GetValues<AccessTechnology>().ToFrozenSet();

    /// <summary>Access technologies whose points give phone service within their reach (ports and fiber do not matter for voice).</summary>
    public IReadOnlySet<AccessTechnology> PhoneAccessTechnologies { get; init; } =
        Enum.GetValues<AccessTechnology>().ToFrozenSet();

    /// <summary>
    /// An access point not flagged fiber-connected still counts as such within this distance of an in-service
    /// fiber route of any tier. 500 m: Zhumadian has ~14,500 natural villages (2,413 administrative × ~6) on
    /// 15,094 km², about 1 km² each, radius ≈ 570 m; a route this close runs through the same hamlet, where a
    /// lead-in cable is routine, while a longer spur would be a route record of its own.
    /// </summary>
    public double FiberProximityM { get; init; } = 500;

    /// <summary>Switching node kinds whose copper local loop gives phone service.</summary>
    public IReadOnlySet<SwitchingNodeKind> PhoneNodeKinds { get; init; } =
        new[] { SwitchingNodeKind.LocalExchange, SwitchingNodeKind.RemoteModule }.ToFrozenSet();

    /// <summary>
    /// Straight-line reach of a local exchange's or remote module's copper loop. Bell System Revised
    /// Resistance Design serves loops to 18 kft non-loaded and 24 kft (7.3 km) with loading coils, the rural
    /// case; 7,315 m / 1.25 route factor ≈ 5,850 m, rounded down.
    /// </summary>
    public double LocalLoopReachM { get; init; } = 5_800;

    /// <summary>Carrier codes whose cable-TV filings count: the radio-TV network (广电) only.</summary>
    public IReadOnlySet<string> CableTvCarrierCodes { get; init; } = new[] { "catv" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// A township is on the IP backbone when its seat lies within this distance of an in-service route of
    /// <see cref="IpBackboneTiers"/>. 5 km: Zhumadian's 203 townships share 15,094 km², 74 km² each, an
    /// equal-area radius of 4.9 km, so a route this close runs, on average, inside the township itself and
    /// the township node is a lead-in away.
    /// </summary>
    public double IpBackboneDistanceM { get; init; } = 5_000;

    /// <summary>
    /// Route tiers that carry the IP backbone to a township. Backbone (骨干) routes link counties; the
    /// county-to-township distribution (汇聚) rings are what bring the IP network to each township seat, so
    /// counting backbone alone would leave almost every township off a network that in fact reaches it.
    /// </summary>
    public IReadOnlySet<FiberTier> IpBackboneTiers { get; init; } =
        new[] { FiberTier.Backbone, FiberTier.Distribution }.ToFrozenSet();

    /// <summary>Refuses options that cannot be evaluated, naming the option.</summary>
    public void Validate()
    {
        foreach (var technology in Enum.GetValues<RadioTechnology>())
        {
            RequireDistance(DefaultRadiusM.TryGetValue(technology, out var r) ? r : double.NaN, $"defaultRadiusM.{technology}");
        }

        foreach (var technology in Enum.GetValues<AccessTechnology>())
        {
            RequireDistance(DefaultReachM.TryGetValue(technology, out var r) ? r : double.NaN, $"defaultReachM.{technology}");
        }

        RequireDistance(FiberProximityM, "fiberProximityM", allowZero: true);
        RequireDistance(LocalLoopReachM, "localLoopReachM");
        RequireDistance(IpBackboneDistanceM, "ipBackboneDistanceM", allowZero: true);
        DomainException.Require(MobileTechnologies.Count > 0, "mobileTechnologies", "At least one technology must count as mobile.");
        DomainException.Require(!MobileTechnologies.Overlaps(WirelessLocalLoopTechnologies), "wirelessLocalLoopTechnologies",
            "A technology is either mobile or a wireless local loop, not both.");
        DomainException.Require(IpBackboneTiers.Count > 0, "ipBackboneTiers", "At least one fiber tier must carry the IP backbone.");
    }

    private static void RequireDistance(double value, string field, bool allowZero = false) =>
        DomainException.Require(double.IsFinite(value) && (value > 0 || (allowZero && value == 0)), field,
            $"{field} must be a distance in metres greater than {(allowZero ? "or equal to " : "")}0.");
}
