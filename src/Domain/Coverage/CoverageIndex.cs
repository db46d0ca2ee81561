using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>A circular reach (access point, switching node, transmitter) prepared for cheap checks.</summary>
internal readonly record struct Disc(int Index, double Lon, double Lat, Vec3 Unit, double RadiusM, double Inner2, double Outer2, byte Flags);

/// <summary>A station prepared for cheap checks: its tangent frame and its footprints (one omni or its sectors).</summary>
internal readonly record struct StationEntry(
    int Index, double Lon, double Lat, Vec3 Unit, Vec3 East, Vec3 North, double Outer2, int First, int Count, byte Flags);

/// <summary>The filings naming one place, and the services the counting ones give there.</summary>
internal sealed record FiledPlace(int[] Filings, byte Bits);

/// <summary>An omni circle (beamwidth 360) or a sector wedge.</summary>
internal readonly record struct Footprint(double RadiusM, double Inner2, double Outer2, double AzimuthDeg, double BeamwidthDeg, bool Omni);

/// <summary>
/// What an evaluation on one date reads, prepared once: places as unit vectors, filings by place, and
/// the assets in service that day in grids. Built by <see cref="CoverageEngine"/>, kept by the result for
/// explanations.
/// </summary>
internal sealed class CoverageIndex
{
    public const byte Mobile = 1, Phone = 2, Broadband = 4, Radio = 8, Tv = 16;

    /// <summary>Filing bits per place: which services a counting filing gives there.</summary>
    public const byte FiledMobile = 1, FiledPhone = 2, FiledBroadband = 4, FiledCableTv = 8;

    public CoverageIndex(CoverageInput input, DateOnly asOf, CoverageOptions options)
    {
        Input = input;
        AsOf = asOf;
        Options = options;
        Units = new Vec3[input.Villages.Count];
        VillageByCode = new Lazy<Dictionary<string, int>>(IndexVillages, LazyThreadSafetyMode.ExecutionAndPublication);
        FilingsByCode = IndexFilings();
        FiberForAccess = new RouteIndex(input.FiberRoutes, r => r.Lifecycle.InServiceOn(asOf), options.FiberProximityM);
        FiberForBackbone = new RouteIndex(input.FiberRoutes,
            r => r.Lifecycle.InServiceOn(asOf) && options.IpBackboneTiers.Contains(r.Tier), options.IpBackboneDistanceM);
        (Stations, Footprints, StationGrid) = IndexStations();
        (AccessPoints, AccessGrid) = IndexDiscs(input.AccessPoints, AccessFlags, ap => CoverageRules.ReachM(ap, options));
        (Nodes, NodeGrid) = IndexDiscs(input.SwitchingNodes,
            n => options.PhoneNodeKinds.Contains(n.NodeKind) ? Phone : (byte)0, _ => options.LocalLoopReachM);
        (Transmitters, TransmitterGrid) = IndexDiscs(input.Transmitters,
            t => t.BroadcastKind == BroadcastKind.Radio ? Radio : Tv, t => t.ServiceRadiusM);
    }

    public CoverageInput Input { get; }

    public DateOnly AsOf { get; }

    public CoverageOptions Options { get; }

    /// <summary>Each place on the unit sphere; filled by the engine's pass over the places (see <see cref="Prepare"/>).</summary>
    public Vec3[] Units { get; }

    /// <summary>
    /// Place code → position, built on first use. Codes are unique in the database; a duplicate is refused
    /// here rather than by hashing a million codes on every evaluation.
    /// </summary>
    public Lazy<Dictionary<string, int>> VillageByCode { get; }

    /// <summary>Per place code named by a filing: every such filing in input order, and the services the counting ones give.</summary>
    public Dictionary<string, FiledPlace> FilingsByCode { get; }

    public StationEntry[] Stations { get; }

    public Footprint[] Footprints { get; }

    public CellGrid StationGrid { get; }

    public Disc[] AccessPoints { get; }

    public CellGrid AccessGrid { get; }

    public Disc[] Nodes { get; }

    public CellGrid NodeGrid { get; }

    public Disc[] Transmitters { get; }

    public CellGrid TransmitterGrid { get; }

    public RouteIndex FiberForAccess { get; }

    public RouteIndex FiberForBackbone { get; }

    /// <summary>How an access point is fiber-connected on the date: by its flag (Flag true), by a route nearby, or not at all.</summary>
    public (bool Connected, FiberLink? Link) Fiber(AccessPoint point)
    {
        if (point.FiberConnected)
        {
            return (true, null);
        }

        if (FiberForAccess.Nearest(point.Location.X, point.Location.Y) is not { } near)
        {
            return (false, null);
        }

        var route = Input.FiberRoutes[near.Route];
        return (true, new FiberLink(near.Route, route.Id, route.Code, near.DistanceM));
    }

    private byte AccessFlags(AccessPoint point)
    {
        var flags = Options.PhoneAccessTechnologies.Contains(point.Technology) ? Phone : (byte)0;
        if (Options.BroadbandAccessTechnologies.Contains(point.Technology) && point.Ports > point.PortsUsed && Fiber(point).Connected)
        {
            flags |= Broadband;
        }

        return flags;
    }

    /// <summary>Readies one place for evaluation; safe to run for different places in parallel.</summary>
    public void Prepare(int v) => Units[v] = Vec3.FromLonLat(Input.Villages[v].Location.X, Input.Villages[v].Location.Y);

    /// <summary>The services counting filings give a place (FiledMobile… bits).</summary>
    public byte FilingBits(string code) =>
        FilingsByCode.Count > 0 && FilingsByCode.TryGetValue(code, out var place) ? place.Bits : (byte)0;

    private Dictionary<string, int> IndexVillages()
    {
        var byCode = new Dictionary<string, int>(Input.Villages.Count, StringComparer.Ordinal);
        for (var v = 0; v < Input.Villages.Count; v++)
        {
            DomainException.Require(byCode.TryAdd(Input.Villages[v].Code, v), "villages",
                $"Village code {Input.Villages[v].Code} appears more than once.");
        }

        return byCode;
    }

    private Dictionary<string, FiledPlace> IndexFilings()
    {
        // Keyed by the code the filing names: a filing applies to exactly that place, never to its natural villages.
        var byCode = new Dictionary<string, (List<int> Filings, byte Bits)>(StringComparer.Ordinal);
        for (var f = 0; f < Input.Filings.Count; f++)
        {
            var filing = Input.Filings[f];
            var entry = byCode.TryGetValue(filing.VillageCode, out var e) ? e : ([], 0);
            entry.Filings.Add(f);
            if (filing.CountsOn(AsOf))
            {
                entry.Bits |= filing.Service switch
                {
                    FiledService.Mobile when Options.MobileFilingsCount => FiledMobile,
                    FiledService.FixedPhone => FiledPhone,
                    FiledService.Broadband => FiledBroadband,
                    FiledService.CableTv when Options.CableTvCarrierCodes.Contains(Input.CarrierCode(filing.CarrierId)) => FiledCableTv,
                    _ => 0,
                };
            }

            byCode[filing.VillageCode] = entry;
        }

        return byCode.ToDictionary(p => p.Key, p => new FiledPlace([.. p.Value.Filings], p.Value.Bits), StringComparer.Ordinal);
    }

    private (StationEntry[], Footprint[], CellGrid) IndexStations()
    {
        var stations = new List<StationEntry>();
        var footprints = new List<Footprint>();
        var entries = new List<(int, Box)>();
        var maxDeg = 0.0;
        for (var s = 0; s < Input.Stations.Count; s++)
        {
            var station = Input.Stations[s];
            var flags = (byte)((Options.MobileTechnologies.Contains(station.Technology) ? Mobile | Phone : 0) |
                (Options.WirelessLocalLoopTechnologies.Contains(station.Technology) ? Phone : 0));
            if (flags == 0 || !station.Lifecycle.InServiceOn(AsOf))
            {
                continue;
            }

            var first = footprints.Count;
            if (station.Sectors.Count == 0)
            {
                footprints.Add(FootprintOf(CoverageRules.RadiusM(station, null, Options), 0, 360, omni: true));
            }

            foreach (var sector in station.Sectors)
            {
                footprints.Add(FootprintOf(CoverageRules.RadiusM(station, sector, Options), sector.AzimuthDeg, sector.BeamwidthDeg, omni: false));
            }

            double lon = station.Location.X, lat = station.Location.Y;
            var max = CoverageRules.MaxRadiusM(station, Options);
            var (east, north) = SphereBounds.Tangent(lon, lat);
            var box = SphereBounds.Expand(Box.Of(lon, lat), max);
            maxDeg = Math.Max(maxDeg, (box.MaxLat - box.MinLat) / 2);
            entries.Add((stations.Count, box));
            stations.Add(new StationEntry(s, lon, lat, Vec3.FromLonLat(lon, lat), east, north,
                SphereBounds.OuterChord2(max), first, footprints.Count - first, flags));
        }

        return ([.. stations], [.. footprints], CellGrid.Build(entries, maxDeg));
    }

    private (Disc[], CellGrid) IndexDiscs<T>(IReadOnlyList<T> assets, Func<T, byte> flagsOf, Func<T, double> radiusOf)
        where T : Asset
    {
        var discs = new List<Disc>();
        var entries = new List<(int, Box)>();
        var maxDeg = 0.0;
        for (var i = 0; i < assets.Count; i++)
        {
            var asset = assets[i];
            if (!asset.Lifecycle.InServiceOn(AsOf))
            {
                continue;
            }

            var flags = flagsOf(asset);
            if (flags == 0)
            {
                continue;
            }

            var (lon, lat) = Position(asset);
            var radius = radiusOf(asset);
            var box = SphereBounds.Expand(Box.Of(lon, lat), radius);
            maxDeg = Math.Max(maxDeg, (box.MaxLat - box.MinLat) / 2);
            entries.Add((discs.Count, box));
            discs.Add(new Disc(i, lon, lat, Vec3.FromLonLat(lon, lat), radius,
                SphereBounds.InnerChord2(radius), SphereBounds.OuterChord2(radius), flags));
        }

        return ([.. discs], CellGrid.Build(entries, maxDeg));
    }

    public static (double Lon, double Lat) Position(Asset asset) => asset switch
    {
        BaseStation s => (s.Location.X, s.Location.Y),
        AccessPoint a => (a.Location.X, a.Location.Y),
        SwitchingNode n => (n.Location.X, n.Location.Y),
        BroadcastTransmitter t => (t.Location.X, t.Location.Y),
        _ => throw new ArgumentException($"{asset.Kind} has no point position.", nameof(asset)),
    };

    private static Footprint FootprintOf(double radiusM, double azimuthDeg, double beamwidthDeg, bool omni) =>
        new(radiusM, SphereBounds.InnerChord2(radiusM), SphereBounds.OuterChord2(radiusM), azimuthDeg, beamwidthDeg, omni);

    /// <summary>Slot of a village service in per-place arrays.</summary>
    public static int Slot(Service service) => service is >= Service.Mobile and <= Service.Tv
        ? (int)service - 1
        : throw new ArgumentOutOfRangeException(nameof(service), service, "The IP backbone is evaluated per township, not per village.");
}
