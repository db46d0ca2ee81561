using Infra.Domain.Assets;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Domain.Coverage;

/// <summary>
/// The coverage rules written as plainly as they can be: every place against every asset, route and
/// filing, each distance measured with Vincenty, no index and no bounds. Places × assets, so only for
/// small inputs: it is the yardstick that <see cref="CoverageEngine"/> must match exactly.
/// </summary>
public static class BruteForceCoverage
{
    public static BruteForceResult Evaluate(CoverageInput input, DateOnly asOf, CoverageOptions options)
    {
        options.Validate();
        input.Validate();
        DomainException.Require(input.Villages.Select(v => v.Code).Distinct().Count() == input.Villages.Count, "villages", "Village codes must be unique.");
        var reports = new ServiceReport[input.Villages.Count][];
        for (var v = 0; v < input.Villages.Count; v++)
        {
            reports[v] = [.. CoverageRules.VillageServices.Select(s => Report(input, asOf, options, input.Villages[v], s))];
        }

        var codes = input.Townships.Select(t => t.Code).ToList();
        foreach (var village in input.Villages)
        {
            if (!codes.Contains(village.TownshipCode))
            {
                codes.Add(village.TownshipCode);
            }
        }

        var townships = codes.Select(code => TownshipReport(input, asOf, options, code, input.Townships.FirstOrDefault(t => t.Code == code))).ToList();
        return new BruteForceResult(reports, codes, townships);
    }

    private static ServiceReport Report(CoverageInput input, DateOnly asOf, CoverageOptions options, Village village, Service service)
    {
        double lon = village.Location.X, lat = village.Location.Y;
        var sources = new List<CoverageSource>();
        var candidates = new List<CoverageCandidate>();
        for (var f = 0; f < input.Filings.Count; f++)
        {
            var filing = input.Filings[f];
            var carrier = input.CarrierCode(filing.CarrierId);
            if (filing.VillageCode != village.Code || CoverageRules.FilingReasons(filing, service, asOf, options, carrier) is not { } reasons)
            {
                continue;
            }

            if (reasons == CandidateReasons.None)
            {
                sources.Add(new CoverageSource(CoverageBasis.Filing, f, filing.Id, filing.Code, filing.CarrierId, carrier, null));
            }
            else
            {
                candidates.Add(new CoverageCandidate(CoverageBasis.Filing, f, filing.Id, filing.Code, filing.CarrierId, carrier, null, reasons, null, null));
            }
        }

        var assets = new List<CoverageSource>();
        var nearest = new List<CoverageCandidate>();
        if (service is Service.Mobile or Service.Phone)
        {
            Scan(input.Stations, CoverageBasis.BaseStation, s => options.MobileTechnologies.Contains(s.Technology) ||
                (service == Service.Phone && options.WirelessLocalLoopTechnologies.Contains(s.Technology)));
        }

        if (service is Service.Phone or Service.Broadband)
        {
            Scan(input.AccessPoints, CoverageBasis.AccessPoint, a => (service == Service.Phone
                ? options.PhoneAccessTechnologies : options.BroadbandAccessTechnologies).Contains(a.Technology));
        }

        if (service == Service.Phone)
        {
            Scan(input.SwitchingNodes, CoverageBasis.SwitchingNode, n => options.PhoneNodeKinds.Contains(n.NodeKind));
        }

        if (service is Service.Radio or Service.Tv)
        {
            Scan(input.Transmitters, CoverageBasis.BroadcastTransmitter,
                t => t.BroadcastKind == (service == Service.Radio ? BroadcastKind.Radio : BroadcastKind.Tv));
        }

        assets.Sort(CoverageExplainer.CompareSources);
        sources.AddRange(assets);
        var bases = sources.Aggregate(CoverageBasis.None, (b, s) => b | s.Basis);
        return new ServiceReport(village.Code, service, bases, sources, bases == CoverageBasis.None ? [.. candidates, .. nearest] : []);

        void Scan<T>(IReadOnlyList<T> list, CoverageBasis basis, Func<T, bool> relevant)
            where T : Asset
        {
            CoverageCandidate? best = null;
            for (var i = 0; i < list.Count; i++)
            {
                var asset = list[i];
                var status = asset.Lifecycle.StatusOn(asOf);
                if (!relevant(asset) || status is null)
                {
                    continue;
                }

                var (d, reasons) = Judge(input, asOf, options, asset, service, lon, lat);
                if (reasons == CandidateReasons.None)
                {
                    var carrier = input.CarrierCode(asset.CarrierId);
                    assets.Add(new CoverageSource(basis, i, asset.Id, asset.Code, asset.CarrierId, carrier, d)
                    {
                        Fiber = asset is AccessPoint point && service == Service.Broadband ? FiberOf(input, asOf, options, point).Link : null,
                    });
                }

                if (best is null || d < best.DistanceM)
                {
                    best = new CoverageCandidate(basis, i, asset.Id, asset.Code, asset.CarrierId, input.CarrierCode(asset.CarrierId),
                        d, reasons, status, asset.Lifecycle.CommissionedOn);
                }
            }

            if (best is not null)
            {
                nearest.Add(best);
            }
        }
    }

    /// <summary>Distance from the asset to the place, and every reason the asset does not serve it (none when it does).</summary>
    private static (double DistanceM, CandidateReasons Reasons) Judge(
        CoverageInput input, DateOnly asOf, CoverageOptions options, Asset asset, Service service, double lon, double lat)
    {
        var reasons = asset.Lifecycle.InServiceOn(asOf) ? CandidateReasons.None : CandidateReasons.NotInService;
        switch (asset)
        {
            case BaseStation s:
                var (d, bearing) = Geodesic.Inverse(s.Location.X, s.Location.Y, lon, lat);
                var longest = s.Sectors.Count == 0 ? s.OmniRadiusM ?? options.DefaultRadiusM[s.Technology]
                    : s.Sectors.Max(x => x.RadiusM ?? options.DefaultRadiusM[s.Technology]);
                var inAnyWedge = s.Sectors.Count == 0 ? d <= longest : s.Sectors.Any(x =>
                    d <= (x.RadiusM ?? options.DefaultRadiusM[s.Technology]) && (d == 0 || CoverageRules.InWedge(bearing, x.AzimuthDeg, x.BeamwidthDeg)));
                reasons |= d > longest ? CandidateReasons.OutOfReach : inAnyWedge ? CandidateReasons.None : CandidateReasons.OutsideSectors;
                return (d, reasons);
            case AccessPoint a:
                var da = Geodesic.DistanceM(a.Location.X, a.Location.Y, lon, lat);
                reasons |= da <= (a.ReachM ?? options.DefaultReachM[a.Technology]) ? CandidateReasons.None : CandidateReasons.OutOfReach;
                if (service == Service.Broadband)
                {
                    reasons |= a.Ports > a.PortsUsed ? CandidateReasons.None : CandidateReasons.NoFreePorts;
                    reasons |= FiberOf(input, asOf, options, a).Connected ? CandidateReasons.None : CandidateReasons.NotFiberConnected;
                }

                return (da, reasons);
            case SwitchingNode n:
                var dn = Geodesic.DistanceM(n.Location.X, n.Location.Y, lon, lat);
                return (dn, reasons | (dn <= options.LocalLoopReachM ? CandidateReasons.None : CandidateReasons.OutOfReach));
            case BroadcastTransmitter t:
                var dt = Geodesic.DistanceM(t.Location.X, t.Location.Y, lon, lat);
                return (dt, reasons | (dt <= t.ServiceRadiusM ? CandidateReasons.None : CandidateReasons.OutOfReach));
            default:
                throw new ArgumentException($"{asset.Kind} is not judged per place.", nameof(asset));
        }
    }

    private static (bool Connected, FiberLink? Link) FiberOf(CoverageInput input, DateOnly asOf, CoverageOptions options, AccessPoint point)
    {
        if (point.FiberConnected)
        {
            return (true, null);
        }

        FiberLink? best = null;
        for (var r = 0; r < input.FiberRoutes.Count; r++)
        {
            var route = input.FiberRoutes[r];
            var d = Geodesic.DistanceToLineM(point.Location.X, point.Location.Y, route.Route);
            if (route.Lifecycle.InServiceOn(asOf) && d <= options.FiberProximityM && (best is null || d < best.DistanceM))
            {
                best = new FiberLink(r, route.Id, route.Code, d);
            }
        }

        return (best is not null, best);
    }

    private static ServiceReport TownshipReport(CoverageInput input, DateOnly asOf, CoverageOptions options, string code, Township? township)
    {
        if (township is null)
        {
            return new ServiceReport(code, Service.IpBackbone, CoverageBasis.None, [], []);
        }

        var sources = new List<CoverageSource>();
        CoverageCandidate? nearest = null;
        for (var r = 0; r < input.FiberRoutes.Count; r++)
        {
            var route = input.FiberRoutes[r];
            var status = route.Lifecycle.StatusOn(asOf);
            if (!options.IpBackboneTiers.Contains(route.Tier) || status is null)
            {
                continue;
            }

            var d = Geodesic.DistanceToLineM(township.Seat.X, township.Seat.Y, route.Route);
            var reasons = (status == AssetStatus.InService ? CandidateReasons.None : CandidateReasons.NotInService) |
                (d <= options.IpBackboneDistanceM ? CandidateReasons.None : CandidateReasons.OutOfReach);
            var carrier = input.CarrierCode(route.CarrierId);
            if (reasons == CandidateReasons.None)
            {
                sources.Add(new CoverageSource(CoverageBasis.FiberRoute, r, route.Id, route.Code, route.CarrierId, carrier, d));
            }

            if (nearest is null || d < nearest.DistanceM)
            {
                nearest = new CoverageCandidate(CoverageBasis.FiberRoute, r, route.Id, route.Code, route.CarrierId, carrier,
                    d, reasons, status, route.Lifecycle.CommissionedOn);
            }
        }

        sources.Sort(CoverageExplainer.CompareSources);
        return sources.Count > 0
            ? new ServiceReport(code, Service.IpBackbone, CoverageBasis.FiberRoute, sources, [])
            : new ServiceReport(code, Service.IpBackbone, CoverageBasis.None, [], nearest is null ? [] : [nearest]);
    }
}

/// <summary>Every report of a <see cref="BruteForceCoverage"/> run, addressed like a <see cref="CoverageResult"/>.</summary>
public sealed class BruteForceResult
{
    private readonly ServiceReport[][] _reports;
    private readonly IReadOnlyList<ServiceReport> _townships;

    internal BruteForceResult(ServiceReport[][] reports, IReadOnlyList<string> townshipCodes, IReadOnlyList<ServiceReport> townships)
    {
        _reports = reports;
        TownshipCodes = townshipCodes;
        _townships = townships;
    }

    public IReadOnlyList<string> TownshipCodes { get; }

    public ServiceReport Report(int village, Service service) => _reports[village][CoverageIndex.Slot(service)];

    public ServiceReport TownshipReport(int township) => _townships[township];
}
