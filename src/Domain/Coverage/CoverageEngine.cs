using Infra.Domain.Geo;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>
/// Evaluates the coverage rules (DESIGN §2) for every place on one date, in process. The bulk pass decides
/// only which bases hold for each place and service; it reads each place's own grid cell per asset kind,
/// settles most pairs with bounds on the unit sphere and measures the rest with Vincenty, so it agrees
/// exactly with measuring every pair (see <see cref="BruteForceCoverage"/>). Sources with their distances,
/// and candidates for unserved places, are worked out per place when asked (<see cref="CoverageResult.Report"/>).
/// </summary>
public static class CoverageEngine
{
    private const int Chunk = 1024;

    // Bearings from the sphere mean nothing this close to the station (1 m).
    private static readonly double MinBearingChord2 = Math.Pow(1 / SphereBounds.MeanRadiusM, 2);

    public static CoverageResult Evaluate(CoverageInput input, DateOnly asOf, CoverageOptions options)
    {
        options.Validate();
        input.Validate();
        var index = new CoverageIndex(input, asOf, options);
        var count = input.Villages.Count;
        var bases = new CoverageBasis[count * CoverageRules.VillageServices.Count];
        Parallel.For(0, (count + Chunk - 1) / Chunk, chunk =>
        {
            var end = Math.Min(count, (chunk + 1) * Chunk);
            for (var v = chunk * Chunk; v < end; v++)
            {
                EvaluateVillage(index, v, bases.AsSpan(v * CoverageRules.VillageServices.Count, CoverageRules.VillageServices.Count));
            }
        });

        return new CoverageResult(index, bases);
    }

    private static void EvaluateVillage(CoverageIndex index, int v, Span<CoverageBasis> slots)
    {
        var location = index.Input.Villages[v].Location;
        double lon = location.X, lat = location.Y;
        index.Prepare(v);
        var unit = index.Units[v];
        var filed = index.FilingBits(index.Input.Villages[v].Code);

        var stations = StationHits(index, unit, lon, lat);
        var access = DiscHits(index.AccessPoints, index.AccessGrid.Query(lon, lat), unit, lon, lat, CoverageIndex.Phone | CoverageIndex.Broadband);
        var nodes = DiscHits(index.Nodes, index.NodeGrid.Query(lon, lat), unit, lon, lat, CoverageIndex.Phone);
        var broadcast = DiscHits(index.Transmitters, index.TransmitterGrid.Query(lon, lat), unit, lon, lat, CoverageIndex.Radio | CoverageIndex.Tv);

        slots[CoverageIndex.Slot(Service.Mobile)] =
            Basis(filed, CoverageIndex.FiledMobile, CoverageBasis.Filing) | Basis(stations, CoverageIndex.Mobile, CoverageBasis.BaseStation);
        slots[CoverageIndex.Slot(Service.Broadband)] =
            Basis(filed, CoverageIndex.FiledBroadband, CoverageBasis.Filing) | Basis(access, CoverageIndex.Broadband, CoverageBasis.AccessPoint);
        slots[CoverageIndex.Slot(Service.Phone)] =
            Basis(filed, CoverageIndex.FiledPhone | CoverageIndex.FiledMobile, CoverageBasis.Filing) |
            Basis(stations, CoverageIndex.Phone, CoverageBasis.BaseStation) |
            Basis(access, CoverageIndex.Phone, CoverageBasis.AccessPoint) |
            Basis(nodes, CoverageIndex.Phone, CoverageBasis.SwitchingNode);
        slots[CoverageIndex.Slot(Service.CableTv)] = Basis(filed, CoverageIndex.FiledCableTv, CoverageBasis.Filing);
        slots[CoverageIndex.Slot(Service.Radio)] = Basis(broadcast, CoverageIndex.Radio, CoverageBasis.BroadcastTransmitter);
        slots[CoverageIndex.Slot(Service.Tv)] = Basis(broadcast, CoverageIndex.Tv, CoverageBasis.BroadcastTransmitter);
    }

    private static CoverageBasis Basis(byte hits, byte mask, CoverageBasis basis) => (hits & mask) != 0 ? basis : CoverageBasis.None;

    /// <summary>Union of the flags of the discs that hold the position, stopping once every wanted flag is found.</summary>
    private static byte DiscHits(Disc[] discs, ReadOnlySpan<int> cell, in Vec3 unit, double lon, double lat, byte wanted)
    {
        byte hits = 0;
        foreach (var i in cell)
        {
            ref readonly var disc = ref discs[i];
            if ((disc.Flags & ~hits) == 0)
            {
                continue;
            }

            var chord2 = disc.Unit.Chord2(unit);
            if (chord2 > disc.Outer2)
            {
                continue;
            }

            if (chord2 <= disc.Inner2 || Geodesic.DistanceM(disc.Lon, disc.Lat, lon, lat) <= disc.RadiusM)
            {
                hits |= disc.Flags;
                if ((hits & wanted) == wanted)
                {
                    break;
                }
            }
        }

        return hits;
    }

    private static byte StationHits(CoverageIndex index, in Vec3 unit, double lon, double lat)
    {
        byte hits = 0;
        foreach (var s in index.StationGrid.Query(lon, lat))
        {
            ref readonly var station = ref index.Stations[s];
            if ((station.Flags & ~hits) != 0 && Covers(index, station, unit, lon, lat))
            {
                hits |= station.Flags;
                if (hits == (CoverageIndex.Mobile | CoverageIndex.Phone))
                {
                    break;
                }
            }
        }

        return hits;
    }

    /// <summary>
    /// Whether a station's footprint holds the position: settled by the sphere bounds where they are
    /// conclusive (distance and, for sectors, bearing well inside or outside), otherwise by the exact rule.
    /// </summary>
    private static bool Covers(CoverageIndex index, in StationEntry station, in Vec3 unit, double lon, double lat)
    {
        var chord2 = station.Unit.Chord2(unit);
        if (chord2 > station.Outer2)
        {
            return false;
        }

        var undecided = false;
        var bearing = double.NaN;
        for (var k = station.First; k < station.First + station.Count; k++)
        {
            ref readonly var footprint = ref index.Footprints[k];
            if (chord2 > footprint.Outer2)
            {
                continue;
            }

            var surelyNear = chord2 <= footprint.Inner2;
            if (footprint.Omni || footprint.BeamwidthDeg >= 360)
            {
                if (surelyNear)
                {
                    return true;
                }

                undecided = true;
                continue;
            }

            if (chord2 < MinBearingChord2 || footprint.RadiusM > SphereBounds.BearingBoundMaxM)
            {
                undecided = true;
                continue;
            }

            if (double.IsNaN(bearing))
            {
                bearing = SphereBounds.SphericalBearingDeg(station.East, station.North, unit);
            }

            var half = footprint.BeamwidthDeg / 2;
            if (!CoverageRules.InWedge(bearing, footprint.AzimuthDeg, Math.Min(360, 2 * (half + SphereBounds.BearingSlackDeg))))
            {
                continue;
            }

            if (surelyNear && half > SphereBounds.BearingSlackDeg &&
                CoverageRules.InWedge(bearing, footprint.AzimuthDeg, 2 * (half - SphereBounds.BearingSlackDeg)))
            {
                return true;
            }

            undecided = true;
        }

        if (!undecided)
        {
            return false;
        }

        var (distance, exactBearing) = Geodesic.Inverse(station.Lon, station.Lat, lon, lat);
        return CoverageRules.StationCovers(index.Input.Stations[station.Index], distance, exactBearing, index.Options);
    }
}
