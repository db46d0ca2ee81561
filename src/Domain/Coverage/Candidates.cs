using Infra.Domain.Assets;
using Infra.Domain.Geo;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>Why the nearest asset of a kind does not serve a place: every reason that holds.</summary>
internal static class Candidates
{
    public static CoverageCandidate Diagnose(CoverageIndex index, CoverageBasis basis, int item, double distanceM, Service service, double lon, double lat)
    {
        var input = index.Input;
        var options = index.Options;
        Asset asset = basis switch
        {
            CoverageBasis.BaseStation => input.Stations[item],
            CoverageBasis.AccessPoint => input.AccessPoints[item],
            CoverageBasis.SwitchingNode => input.SwitchingNodes[item],
            CoverageBasis.BroadcastTransmitter => input.Transmitters[item],
            CoverageBasis.FiberRoute => input.FiberRoutes[item],
            _ => throw new ArgumentOutOfRangeException(nameof(basis), basis, "Filings are not diagnosed as assets."),
        };
        var status = asset.Lifecycle.StatusOn(index.AsOf);
        var reasons = status == AssetStatus.InService ? CandidateReasons.None : CandidateReasons.NotInService;
        switch (asset)
        {
            case BaseStation station:
                var bearing = Geodesic.InitialBearingDeg(station.Location.X, station.Location.Y, lon, lat);
                reasons |= distanceM > CoverageRules.MaxRadiusM(station, options) ? CandidateReasons.OutOfReach
                    : CoverageRules.StationCovers(station, distanceM, bearing, options) ? CandidateReasons.None
                    : CandidateReasons.OutsideSectors;
                break;
            case AccessPoint point:
                reasons |= distanceM > CoverageRules.ReachM(point, options) ? CandidateReasons.OutOfReach : CandidateReasons.None;
                if (service == Service.Broadband)
                {
                    reasons |= point.Ports > point.PortsUsed ? CandidateReasons.None : CandidateReasons.NoFreePorts;
                    reasons |= index.Fiber(point).Connected ? CandidateReasons.None : CandidateReasons.NotFiberConnected;
                }

                break;
            case SwitchingNode:
                reasons |= distanceM > options.LocalLoopReachM ? CandidateReasons.OutOfReach : CandidateReasons.None;
                break;
            case BroadcastTransmitter transmitter:
                reasons |= distanceM > transmitter.ServiceRadiusM ? CandidateReasons.OutOfReach : CandidateReasons.None;
                break;
            case FiberRoute:
                reasons |= distanceM > options.IpBackboneDistanceM ? CandidateReasons.OutOfReach : CandidateReasons.None;
                break;
        }

        return new CoverageCandidate(basis, item, asset.Id, asset.Code, asset.CarrierId, input.CarrierCode(asset.CarrierId),
            distanceM, reasons, status, asset.Lifecycle.CommissionedOn);
    }

    /// <summary>
    /// The route of an IP-backbone tier nearest to a position, among routes that existed on the date.
    /// A scan: it runs once per township asked about, and townships are few.
    /// </summary>
    public static (int Route, double DistanceM)? NearestBackboneRoute(CoverageIndex index, double lon, double lat)
    {
        (int Route, double DistanceM)? best = null;
        var routes = index.Input.FiberRoutes;
        for (var r = 0; r < routes.Count; r++)
        {
            if (!index.Options.IpBackboneTiers.Contains(routes[r].Tier) || routes[r].Lifecycle.StatusOn(index.AsOf) is null)
            {
                continue;
            }

            var d = Geodesic.DistanceToLineM(lon, lat, routes[r].Route);
            if (best is null || d < best.Value.DistanceM)
            {
                best = (r, d);
            }
        }

        return best;
    }
}
