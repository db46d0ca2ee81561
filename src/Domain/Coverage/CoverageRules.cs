using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>
/// The rule primitives that every evaluator shares so that they agree to the last bit: radii, the wedge
/// test, and the reasons a filing does not count. Distances are always taken from the asset to the
/// place (Vincenty is symmetric only up to rounding).
/// </summary>
public static class CoverageRules
{
    /// <summary>Services evaluated per village, in slot order; <see cref="Service.IpBackbone"/> is per township.</summary>
    public static IReadOnlyList<Service> VillageServices { get; } =
        [Service.Mobile, Service.Broadband, Service.Phone, Service.CableTv, Service.Radio, Service.Tv];

    /// <summary>Radius of an omni station, or of one of its sectors, in metres.</summary>
    public static double RadiusM(BaseStation station, Sector? sector, CoverageOptions options) =>
        (sector is null ? station.OmniRadiusM : sector.RadiusM) ?? options.DefaultRadiusM[station.Technology];

    /// <summary>The farthest any part of the station's footprint reaches, metres.</summary>
    public static double MaxRadiusM(BaseStation station, CoverageOptions options)
    {
        if (station.Sectors.Count == 0)
        {
            return RadiusM(station, null, options);
        }

        var max = 0.0;
        foreach (var sector in station.Sectors)
        {
            max = Math.Max(max, RadiusM(station, sector, options));
        }

        return max;
    }

    public static double ReachM(AccessPoint point, CoverageOptions options) =>
        point.ReachM ?? options.DefaultReachM[point.Technology];

    /// <summary>
    /// Whether a bearing (degrees clockwise from north) lies in the wedge of full opening
    /// <paramref name="beamwidthDeg"/> centred on <paramref name="azimuthDeg"/>, edges included. Works across north:
    /// azimuth 350° with beamwidth 40° holds 330°…360° and 0°…10°.
    /// </summary>
    public static bool InWedge(double bearingDeg, double azimuthDeg, double beamwidthDeg)
    {
        var offset = bearingDeg - azimuthDeg;
        offset -= 360 * Math.Floor((offset + 180) / 360);
        return Math.Abs(offset) <= beamwidthDeg / 2;
    }

    /// <summary>
    /// Whether a station's footprint holds a place at <paramref name="distanceM"/> and initial bearing
    /// <paramref name="bearingDeg"/> from it. A place at the station itself is inside every sector.
    /// </summary>
    public static bool StationCovers(BaseStation station, double distanceM, double bearingDeg, CoverageOptions options)
    {
        if (station.Sectors.Count == 0)
        {
            return distanceM <= RadiusM(station, null, options);
        }

        foreach (var sector in station.Sectors)
        {
            if (distanceM <= RadiusM(station, sector, options) &&
                (distanceM == 0 || InWedge(bearingDeg, sector.AzimuthDeg, sector.BeamwidthDeg)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why a filing does not count on a date (every reason that holds), before any rule about its service or carrier.</summary>
    public static CandidateReasons FilingState(ServiceFiling filing, DateOnly asOf)
    {
        var reasons = CandidateReasons.None;
        if (asOf < filing.ValidFrom || asOf > filing.ValidTo)
        {
            reasons |= CandidateReasons.FilingNotValidOnDate;
        }

        if (filing.DisputeState == DisputeState.Rejected)
        {
            reasons |= CandidateReasons.FilingRejected;
        }
        else if (filing.DisputedOn <= asOf && (filing.ResolvedOn is null || filing.ResolvedOn > asOf))
        {
            reasons |= CandidateReasons.FilingDisputed;
        }

        // Whether it counts is decided by the filing alone; the reasons only explain it.
        return filing.CountsOn(asOf) ? CandidateReasons.None : reasons;
    }

    /// <summary>
    /// Why a filing does not give <paramref name="service"/> in its village on <paramref name="asOf"/>, or
    /// <see cref="CandidateReasons.None"/> when it does; null when the filing has nothing to do with the service.
    /// </summary>
    public static CandidateReasons? FilingReasons(ServiceFiling filing, Service service, DateOnly asOf, CoverageOptions options, string carrierCode)
    {
        var relevant = service switch
        {
            Service.Mobile => filing.Service == FiledService.Mobile,
            Service.Broadband => filing.Service == FiledService.Broadband,
            Service.Phone => filing.Service is FiledService.FixedPhone or FiledService.Mobile,
            Service.CableTv => filing.Service == FiledService.CableTv,
            _ => false,
        };
        if (!relevant)
        {
            return null;
        }

        var reasons = FilingState(filing, asOf);
        if (filing.Service == FiledService.Mobile && !options.MobileFilingsCount)
        {
            reasons |= CandidateReasons.MobileFilingsNotCounted;
        }

        if (filing.Service == FiledService.CableTv && !options.CableTvCarrierCodes.Contains(carrierCode))
        {
            reasons |= CandidateReasons.NotCableTvCarrier;
        }

        return reasons;
    }
}
