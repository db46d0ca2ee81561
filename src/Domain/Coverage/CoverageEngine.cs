using Infra.Domain.Geo;
using Infra.Domain.Plans;

namespace Infra.Domain.Coverage;

/// <summary>
/// Evaluates the coverage rules (DESIGN §2) for every place on one date, in process. The bulk pass decides
/// only which bases hold for each place and service: it walks the places in spatial order, reads the grid cell
/// of each asset kind, settles almost every pair with chord bounds on the ellipsoid (<see cref="Ellipsoid"/>)
/// and measures the rest — those within about a centimetre of a radius or a sector edge — with Vincenty, so it
/// agrees exactly with measuring every pair (<see cref="BruteForceCoverage"/>). Sources with their distances,
/// and candidates for unserved places, are worked out per place when asked (<see cref="CoverageResult.Report"/>).
/// <see cref="Update"/> re-evaluates only the places an edit can touch.
/// </summary>
public static partial class CoverageEngine
{
    private const int Block = 2048;
    private static readonly int Width = CoverageRules.VillageServices.Count;

    public static CoverageResult Evaluate(CoverageInput input, DateOnly asOf, CoverageOptions options)
    {
        options.Validate();
        input.Validate();
        var index = new CoverageIndex(input, asOf, options);
        var places = index.Places;
        var bases = new Pages<CoverageBasis>(places.Count, Width);
        // Blocks of places in input order: each place's result depends on nothing but the index, so any schedule gives the
        // same table. Input order (by code: township by township) keeps both the columns and the grid cells in cache.
        Parallel.For(0, (places.Count + Block - 1) / Block, block =>
        {
            for (var v = block * Block; v < Math.Min(places.Count, (block + 1) * Block); v++)
            {
                EvaluatePlace(index, v, bases.Of(v));
            }
        });

        return new CoverageResult(index, bases, null);
    }

    internal static void EvaluatePlace(CoverageIndex index, int v, Span<CoverageBasis> slots)
    {
        var places = index.Places;
        double lon = places.Lon[v], lat = places.Lat[v];
        var p = places.Ecef[v];
        var filed = index.FilingBits[v, 0];

        var stations = Hits(index.Stations, p, lon, lat, CoverageIndex.Mobile | CoverageIndex.Phone);
        var access = Hits(index.Access, p, lon, lat, CoverageIndex.Phone | CoverageIndex.Broadband);
        var nodes = Hits(index.Nodes, p, lon, lat, CoverageIndex.Phone);
        var broadcast = Hits(index.Transmitters, p, lon, lat, CoverageIndex.Radio | CoverageIndex.Tv);

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

    /// <summary>Union of the flags of the assets of a layer that hold the place, stopping once every wanted flag is found.</summary>
    private static byte Hits(PointLayer layer, in Vec3 p, double lon, double lat, byte wanted)
    {
        if (layer.IsEmpty)
        {
            return 0;
        }

        var hits = Hits(layer, layer.Wide.Query(lon, lat), p, lon, lat, wanted, 0);
        return (hits & wanted) == wanted ? hits : Hits(layer, layer.Grid.Query(lon, lat), p, lon, lat, wanted, hits);
    }

    private static byte Hits(PointLayer layer, ReadOnlySpan<Slot> slots, in Vec3 p, double lon, double lat, byte wanted, byte hits)
    {
        foreach (ref readonly var slot in slots)
        {
            if ((slot.Flags & ~hits) == 0)
            {
                continue;
            }

            double dx = p.X - slot.P.X, dy = p.Y - slot.P.Y, dz = p.Z - slot.P.Z;
            var chord2 = (dx * dx) + (dy * dy) + (dz * dz);
            if (chord2 > slot.Outer2)
            {
                continue;
            }

            if (slot.Plain
                ? chord2 <= slot.Inner2 || Within(layer.Entry(slot.Entry), lon, lat)
                : Covers(layer.Entry(slot.Entry), new Vec3(dx, dy, dz), chord2, lon, lat))
            {
                hits |= slot.Flags;
                if ((hits & wanted) == wanted)
                {
                    break;
                }
            }
        }

        return hits;
    }

    /// <summary>The exact rule for a plain disc: Vincenty from the asset to the place, radius inclusive.</summary>
    internal static bool Within(in PointEntry entry, double lon, double lat) => Geodesic.DistanceM(entry.Lon, entry.Lat, lon, lat) <= entry.RadiusM;

    /// <summary>
    /// Whether a sectored station's footprint holds the place <paramref name="d"/> away (ECEF metres): settled by
    /// the chord bounds and the chord's azimuth where they are conclusive, otherwise by the exact rule.
    /// </summary>
    private static bool Covers(in PointEntry station, in Vec3 d, double chord2, double lon, double lat)
    {
        var undecided = false;
        var bearing = double.NaN;
        foreach (ref readonly var footprint in station.Sectors.AsSpan())
        {
            if (chord2 > footprint.Outer2)
            {
                continue;
            }

            var surelyNear = chord2 <= footprint.Inner2;
            if (footprint.BeamwidthDeg >= 360)
            {
                if (surelyNear)
                {
                    return true;
                }

                undecided = true;
                continue;
            }

            if (chord2 < Ellipsoid.MinBearingChord2 || footprint.RadiusM > Ellipsoid.BearingBoundMaxM)
            {
                undecided = true;
                continue;
            }

            if (double.IsNaN(bearing))
            {
                bearing = Ellipsoid.ChordAzimuthDeg(station.East, station.North, d);
            }

            var half = footprint.BeamwidthDeg / 2;
            if (!CoverageRules.InWedge(bearing, footprint.AzimuthDeg, Math.Min(360, 2 * (half + Ellipsoid.BearingSlackDeg))))
            {
                continue;
            }

            if (surelyNear && CoverageRules.InWedge(bearing, footprint.AzimuthDeg, 2 * (half - Ellipsoid.BearingSlackDeg)))
            {
                return true;
            }

            undecided = true;
        }

        return undecided && CoversExactly(station, lon, lat);
    }

    /// <summary><see cref="CoverageRules.StationCovers"/> on the footprints the station was indexed with.</summary>
    internal static bool CoversExactly(in PointEntry station, double lon, double lat)
    {
        var (distance, bearing) = Geodesic.Inverse(station.Lon, station.Lat, lon, lat);
        foreach (var footprint in station.Sectors!)
        {
            if (distance <= footprint.RadiusM && (distance == 0 || CoverageRules.InWedge(bearing, footprint.AzimuthDeg, footprint.BeamwidthDeg)))
            {
                return true;
            }
        }

        return false;
    }
}
