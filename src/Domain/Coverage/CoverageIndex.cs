using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>
/// What an evaluation on one date reads, prepared once: the places' columns, filings by place with the services
/// the counting ones give, and the assets that count that day in grids. Built by <see cref="CoverageEngine"/>,
/// kept by the result for explanations; an incremental update makes a copy that shares everything unchanged.
/// </summary>
internal sealed partial class CoverageIndex
{
    public const byte Mobile = 1, Phone = 2, Broadband = 4, Radio = 8, Tv = 16;

    /// <summary>Filing bits per place: which services a counting filing gives there.</summary>
    public const byte FiledMobile = 1, FiledPhone = 2, FiledBroadband = 4, FiledCableTv = 8;

    public CoverageIndex(CoverageInput input, DateOnly asOf, CoverageOptions options)
    {
        Input = input;
        AsOf = asOf;
        Options = options;
        Places = CoveragePlaces.For(input.Villages);
        var extent = Places.Extent;
        Filings = FilingIndex.For(input.Filings, Places);
        FiledOverlay = [];
        FilingBits = new Pages<byte>(Places.Count, 1);
        Parallel.For(0, (Places.Count + 4095) / 4096, block =>
        {
            for (var v = block * 4096; v < Math.Min(Places.Count, (block + 1) * 4096); v++)
            {
                FilingBits.Of(v)[0] = BitsOf(v);
            }
        });

        FiberForAccess = new RouteIndex(input.FiberRoutes, r => r.Lifecycle.InServiceOn(asOf), options.FiberProximityM);
        FiberForBackbone = BackboneIndex(input, asOf, options);
        Stations = PointLayer.Build(input.Stations.Count, StationEntry, extent);
        Access = PointLayer.Build(input.AccessPoints.Count, AccessEntry, extent);
        Nodes = PointLayer.Build(input.SwitchingNodes.Count, NodeEntry, extent);
        Transmitters = PointLayer.Build(input.Transmitters.Count, TransmitterEntry, extent);
    }

    public CoverageInput Input { get; private set; }

    public DateOnly AsOf { get; }

    public CoverageOptions Options { get; }

    public CoveragePlaces Places { get; }

    public FilingIndex Filings { get; }

    /// <summary>Places whose filings changed since <see cref="Filings"/> was built: their filing positions in the current input.</summary>
    public Dictionary<int, int[]> FiledOverlay { get; private set; }

    public Pages<byte> FilingBits { get; private set; }

    public PointLayer Stations { get; private set; }

    public PointLayer Access { get; private set; }

    public PointLayer Nodes { get; private set; }

    public PointLayer Transmitters { get; private set; }

    public RouteIndex FiberForAccess { get; private set; }

    /// <summary>Routes that carry the IP backbone, built on first use (only townships read it).</summary>
    public Lazy<RouteIndex> FiberForBackbone { get; private set; }

    public static Lazy<RouteIndex> BackboneIndex(CoverageInput input, DateOnly asOf, CoverageOptions options) => new(() => new RouteIndex(input.FiberRoutes,
        r => r.Lifecycle.InServiceOn(asOf) && options.IpBackboneTiers.Contains(r.Tier), options.IpBackboneDistanceM), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Positions of the filings naming a place, in input order.</summary>
    public ReadOnlySpan<int> FilingsOf(int place) =>
        FiledOverlay.Count > 0 && FiledOverlay.TryGetValue(place, out var changed) ? changed : Filings.Of(place);

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

    /// <summary>The services counting filings give a place (FiledMobile… bits).</summary>
    private byte BitsOf(int place)
    {
        byte bits = 0;
        foreach (var f in FilingsOf(place))
        {
            var filing = Input.Filings[f];
            if (filing.CountsOn(AsOf))
            {
                bits |= filing.Service switch
                {
                    FiledService.Mobile when Options.MobileFilingsCount => FiledMobile,
                    FiledService.FixedPhone => FiledPhone,
                    FiledService.Broadband => FiledBroadband,
                    FiledService.CableTv when Options.CableTvCarrierCodes.Contains(Input.CarrierCode(filing.CarrierId)) => FiledCableTv,
                    _ => 0,
                };
            }
        }

        return bits;
    }

    private bool StationEntry(int s, out PointEntry entry)
    {
        var station = Input.Stations[s];
        var flags = (byte)((Options.MobileTechnologies.Contains(station.Technology) ? Mobile | Phone : 0) |
            (Options.WirelessLocalLoopTechnologies.Contains(station.Technology) ? Phone : 0));
        if (flags == 0 || !station.Lifecycle.InServiceOn(AsOf))
        {
            entry = default;
            return false;
        }

        Footprint[]? sectors = null;
        if (station.Sectors.Count > 0)
        {
            sectors = new Footprint[station.Sectors.Count];
            for (var k = 0; k < sectors.Length; k++)
            {
                var sector = station.Sectors[k];
                sectors[k] = Footprint.Of(CoverageRules.RadiusM(station, sector, Options), sector.AzimuthDeg, sector.BeamwidthDeg, omni: false);
            }
        }

        entry = Entry(s, station.Location.X, station.Location.Y, CoverageRules.MaxRadiusM(station, Options), flags, sectors);
        return true;
    }

    private bool AccessEntry(int a, out PointEntry entry)
    {
        var point = Input.AccessPoints[a];
        entry = default;
        if (!point.Lifecycle.InServiceOn(AsOf))
        {
            return false;
        }

        var flags = Options.PhoneAccessTechnologies.Contains(point.Technology) ? Phone : (byte)0;
        if (Options.BroadbandAccessTechnologies.Contains(point.Technology) && point.Ports > point.PortsUsed &&
            (point.FiberConnected || FiberForAccess.AnyWithin(point.Location.X, point.Location.Y)))
        {
            flags |= Broadband;
        }

        if (flags == 0)
        {
            return false;
        }

        entry = Entry(a, point.Location.X, point.Location.Y, CoverageRules.ReachM(point, Options), flags, null);
        return true;
    }

    private bool NodeEntry(int n, out PointEntry entry)
    {
        var node = Input.SwitchingNodes[n];
        var counts = node.Lifecycle.InServiceOn(AsOf) && Options.PhoneNodeKinds.Contains(node.NodeKind);
        entry = counts ? Entry(n, node.Location.X, node.Location.Y, Options.LocalLoopReachM, Phone, null) : default;
        return counts;
    }

    private bool TransmitterEntry(int t, out PointEntry entry)
    {
        var transmitter = Input.Transmitters[t];
        var counts = transmitter.Lifecycle.InServiceOn(AsOf);
        entry = counts
            ? Entry(t, transmitter.Location.X, transmitter.Location.Y, transmitter.ServiceRadiusM, transmitter.BroadcastKind == BroadcastKind.Radio ? Radio : Tv, null)
            : default;
        return counts;
    }

    private static PointEntry Entry(int index, double lon, double lat, double radiusM, byte flags, Footprint[]? sectors)
    {
        var (east, north) = sectors is null ? default : Ellipsoid.Tangent(lon, lat);
        return new PointEntry(index, lon, lat, Ellipsoid.Ecef(lon, lat), east, north, radiusM, flags, sectors);
    }

    public static (double Lon, double Lat) Position(Asset asset) => asset switch
    {
        BaseStation s => (s.Location.X, s.Location.Y),
        AccessPoint a => (a.Location.X, a.Location.Y),
        SwitchingNode n => (n.Location.X, n.Location.Y),
        BroadcastTransmitter t => (t.Location.X, t.Location.Y),
        _ => throw new ArgumentException($"{asset.Kind} has no point position.", nameof(asset)),
    };

    /// <summary>Slot of a village service in per-place arrays.</summary>
    public static int Slot(Service service) => service is >= Service.Mobile and <= Service.Tv
        ? (int)service - 1
        : throw new ArgumentOutOfRangeException(nameof(service), service, "The IP backbone is evaluated per township, not per village.");
}
