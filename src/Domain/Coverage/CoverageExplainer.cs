using Infra.Domain.Assets;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Domain.Coverage;

/// <summary>
/// Works out, for one place, every source of a service with its distance and, when it is unserved, the
/// candidates. Exact for every pair the grids offer (no sphere shortcuts), so its bases always equal the
/// bulk pass's. The nearest-candidate grids are built on first use.
/// </summary>
internal sealed class CoverageExplainer(CoverageIndex index)
{
    private readonly Lazy<NearestGrid> _mobileStations = new(() => StationGrid(index, index.Options.MobileTechnologies.Contains));
    private readonly Lazy<NearestGrid> _phoneStations = new(() => StationGrid(index,
        t => index.Options.MobileTechnologies.Contains(t) || index.Options.WirelessLocalLoopTechnologies.Contains(t)));
    private readonly Lazy<NearestGrid> _broadbandAccess = new(() =>
        Grid(index, index.Input.AccessPoints, a => index.Options.BroadbandAccessTechnologies.Contains(a.Technology)));
    private readonly Lazy<NearestGrid> _phoneAccess = new(() =>
        Grid(index, index.Input.AccessPoints, a => index.Options.PhoneAccessTechnologies.Contains(a.Technology)));
    private readonly Lazy<NearestGrid> _phoneNodes = new(() =>
        Grid(index, index.Input.SwitchingNodes, n => index.Options.PhoneNodeKinds.Contains(n.NodeKind)));
    private readonly Lazy<NearestGrid> _radio = new(() =>
        Grid(index, index.Input.Transmitters, t => t.BroadcastKind == BroadcastKind.Radio));
    private readonly Lazy<NearestGrid> _tv = new(() =>
        Grid(index, index.Input.Transmitters, t => t.BroadcastKind == BroadcastKind.Tv));

    public ServiceReport Report(int v, Service service)
    {
        var village = index.Input.Villages[v];
        double lon = index.Places.Lon[v], lat = index.Places.Lat[v];
        var unit = index.Places.Ecef[v];
        var sources = new List<CoverageSource>();
        var filingCandidates = new List<CoverageCandidate>();
        foreach (var f in index.FilingsOf(v))
        {
            var filing = index.Input.Filings[f];
            var carrier = index.Input.CarrierCode(filing.CarrierId);
            switch (CoverageRules.FilingReasons(filing, service, index.AsOf, index.Options, carrier))
            {
                case CandidateReasons.None:
                    sources.Add(new CoverageSource(CoverageBasis.Filing, f, filing.Id, filing.Code, filing.CarrierId, carrier, null));
                    break;
                case { } reasons:
                    filingCandidates.Add(new CoverageCandidate(CoverageBasis.Filing, f, filing.Id, filing.Code, filing.CarrierId, carrier,
                        null, reasons, null, null));
                    break;
            }
        }

        var assets = new List<CoverageSource>();
        switch (service)
        {
            case Service.Mobile:
                StationSources(lon, lat, unit, CoverageIndex.Mobile, assets);
                break;
            case Service.Broadband:
                DiscSources(index.Access, CoverageIndex.Broadband, CoverageBasis.AccessPoint, lon, lat, unit, assets);
                break;
            case Service.Phone:
                StationSources(lon, lat, unit, CoverageIndex.Phone, assets);
                DiscSources(index.Access, CoverageIndex.Phone, CoverageBasis.AccessPoint, lon, lat, unit, assets);
                DiscSources(index.Nodes, CoverageIndex.Phone, CoverageBasis.SwitchingNode, lon, lat, unit, assets);
                break;
            case Service.Radio or Service.Tv:
                DiscSources(index.Transmitters, service == Service.Radio ? CoverageIndex.Radio : CoverageIndex.Tv,
                    CoverageBasis.BroadcastTransmitter, lon, lat, unit, assets);
                break;
        }

        assets.Sort(CompareSources);
        sources.AddRange(assets);
        var bases = sources.Aggregate(CoverageBasis.None, (b, s) => b | s.Basis);
        if (bases != CoverageBasis.None)
        {
            return new ServiceReport(village.Code, service, bases, sources, []);
        }

        var candidates = filingCandidates;
        foreach (var (basis, grid) in CandidateKinds(service))
        {
            if (grid.Value.Nearest(lon, lat) is { } nearest)
            {
                candidates.Add(Candidates.Diagnose(index, basis, nearest.Item, nearest.DistanceM, service, lon, lat));
            }
        }

        return new ServiceReport(village.Code, service, bases, sources, candidates);
    }

    public ServiceReport TownshipReport(string code, Township? township)
    {
        if (township is null)
        {
            return new ServiceReport(code, Service.IpBackbone, CoverageBasis.None, [], []);
        }

        double lon = township.Seat.X, lat = township.Seat.Y;
        var sources = index.FiberForBackbone.Value.Near(lon, lat)
            .Select(n => Source(CoverageBasis.FiberRoute, index.Input.FiberRoutes[n.Route], n.Route, n.DistanceM))
            .ToList();
        if (sources.Count > 0)
        {
            return new ServiceReport(code, Service.IpBackbone, CoverageBasis.FiberRoute, sources, []);
        }

        var candidates = new List<CoverageCandidate>();
        if (Candidates.NearestBackboneRoute(index, lon, lat) is { } nearest)
        {
            candidates.Add(Candidates.Diagnose(index, CoverageBasis.FiberRoute, nearest.Route, nearest.DistanceM, Service.IpBackbone, lon, lat));
        }

        return new ServiceReport(code, Service.IpBackbone, CoverageBasis.None, [], candidates);
    }

    internal static int CompareSources(CoverageSource a, CoverageSource b) =>
        a.DistanceM != b.DistanceM ? Nullable.Compare(a.DistanceM, b.DistanceM)
        : a.Basis != b.Basis ? a.Basis.CompareTo(b.Basis)
        : a.Index.CompareTo(b.Index);

    private IEnumerable<(CoverageBasis, Lazy<NearestGrid>)> CandidateKinds(Service service) => service switch
    {
        Service.Mobile => [(CoverageBasis.BaseStation, _mobileStations)],
        Service.Broadband => [(CoverageBasis.AccessPoint, _broadbandAccess)],
        Service.Phone => [(CoverageBasis.BaseStation, _phoneStations), (CoverageBasis.AccessPoint, _phoneAccess), (CoverageBasis.SwitchingNode, _phoneNodes)],
        Service.Radio => [(CoverageBasis.BroadcastTransmitter, _radio)],
        Service.Tv => [(CoverageBasis.BroadcastTransmitter, _tv)],
        _ => [],
    };

    private void StationSources(double lon, double lat, in Vec3 p, byte flag, List<CoverageSource> found)
    {
        foreach (var slot in Slots(index.Stations, lon, lat))
        {
            if ((slot.Flags & flag) == 0 || slot.P.Minus(p).Dot(slot.P.Minus(p)) > slot.Outer2)
            {
                continue;
            }

            ref readonly var entry = ref index.Stations.Entry(slot.Entry);
            var station = index.Input.Stations[entry.Index];
            var (distance, bearing) = Geodesic.Inverse(entry.Lon, entry.Lat, lon, lat);
            if (CoverageRules.StationCovers(station, distance, bearing, index.Options))
            {
                found.Add(Source(CoverageBasis.BaseStation, station, entry.Index, distance));
            }
        }
    }

    private void DiscSources(PointLayer layer, byte flag, CoverageBasis basis, double lon, double lat, in Vec3 p, List<CoverageSource> found)
    {
        foreach (var slot in Slots(layer, lon, lat))
        {
            if ((slot.Flags & flag) == 0 || slot.P.Minus(p).Dot(slot.P.Minus(p)) > slot.Outer2)
            {
                continue;
            }

            ref readonly var entry = ref layer.Entry(slot.Entry);
            var distance = Geodesic.DistanceM(entry.Lon, entry.Lat, lon, lat);
            if (distance > entry.RadiusM)
            {
                continue;
            }

            Asset asset = basis switch
            {
                CoverageBasis.AccessPoint => index.Input.AccessPoints[entry.Index],
                CoverageBasis.SwitchingNode => index.Input.SwitchingNodes[entry.Index],
                _ => index.Input.Transmitters[entry.Index],
            };
            var source = Source(basis, asset, entry.Index, distance);
            found.Add(flag == CoverageIndex.Broadband ? source with { Fiber = index.Fiber((AccessPoint)asset).Link } : source);
        }
    }

    /// <summary>Every slot of a layer listed where the place is: the wide-reach grid's and the ordinary one's.</summary>
    private static Slot[] Slots(PointLayer layer, double lon, double lat) => [.. layer.Wide.Query(lon, lat), .. layer.Grid.Query(lon, lat)];

    private CoverageSource Source(CoverageBasis basis, Asset asset, int position, double distance) =>
        new(basis, position, asset.Id, asset.Code, asset.CarrierId, index.Input.CarrierCode(asset.CarrierId), distance);

    private static NearestGrid StationGrid(CoverageIndex index, Func<RadioTechnology, bool> technologies) =>
        Grid(index, index.Input.Stations, s => technologies(s.Technology));

    /// <summary>Assets of a kind that the rule names and that existed on the date, whatever their state.</summary>
    private static NearestGrid Grid<T>(CoverageIndex index, IReadOnlyList<T> assets, Func<T, bool> relevant)
        where T : Asset
    {
        var items = new List<int>();
        var lons = new List<double>();
        var lats = new List<double>();
        for (var i = 0; i < assets.Count; i++)
        {
            if (relevant(assets[i]) && assets[i].Lifecycle.StatusOn(index.AsOf) is not null)
            {
                var (lon, lat) = CoverageIndex.Position(assets[i]);
                items.Add(i);
                lons.Add(lon);
                lats.Add(lat);
            }
        }

        return new NearestGrid([.. items], [.. lons], [.. lats]);
    }
}
