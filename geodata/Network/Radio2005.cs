using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata.Network;

internal sealed partial class NetworkBuilder
{
    /// <summary>Share of administrative villages the 2005 mobile network reaches; the rest is left for the plan's new rural stations.</summary>
    private const double MobileAdminShare2005 = 0.86;

    private static readonly DateOnly GsmStart = new(1997, 6, 1);
    private static readonly DateOnly CdmaLaunch = new(2002, 1, 8);   // 联通 CDMA commercial launch
    private static readonly DateOnly PhsStart = new(2001, 6, 1);

    /// <summary>
    /// Stations dense in towns and sparse in the countryside: PHS (小灵通) blanketing every county town
    /// (“小灵通信号实现县级以上城区百分百覆盖”), three-sector GSM sites in the towns, CDMA in the county towns,
    /// a GSM site at each township seat, and rural sites filling the largest gaps until about
    /// <see cref="MobileAdminShare2005"/> of administrative villages are reached.
    /// </summary>
    private void Radio2005()
    {
        foreach (var county in Counties)
        {
            var seat = At(county.Seat);
            var urbanM = county == CitySeatCounty ? 6_000 : 3_500;
            foreach (var at in Lattice(seat, urbanM, 900))
            {
                AddStation(Carriers.Netcom, RadioTechnology.Phs, at, 600, PhsStart, new(2005, 10, 31), sectors: false);
            }

            foreach (var at in Lattice(seat, urbanM, 1_600))
            {
                AddStation(Carriers.Mobile, RadioTechnology.Gsm, at, 2_000, GsmStart, new(2004, 12, 31), sectors: true);
            }

            foreach (var at in Lattice(seat, urbanM, 2_400))
            {
                AddStation(Carriers.Unicom, RadioTechnology.Gsm, at, 2_200, new(1999, 1, 1), new(2005, 6, 30), sectors: true);
            }

            foreach (var at in Lattice(seat, urbanM, 3_000))
            {
                AddStation(Carriers.Unicom, RadioTechnology.Cdma, at, 3_000, CdmaLaunch, new(2005, 9, 30), sectors: false);
            }
        }

        foreach (var t in Townships.Where(t => t.IsRural))
        {
            AddStation(Carriers.Mobile, RadioTechnology.Gsm, Near(At(t.Seat), 100, 700), Apportion.Uniform(_random, 4_500, 6_000),
                GsmStart, new(2004, 12, 31), sectors: false);
            if (_random.NextDouble() < 0.55)
            {
                AddStation(Carriers.Unicom, RadioTechnology.Gsm, Near(At(t.Seat), 100, 900), Apportion.Uniform(_random, 4_000, 5_500),
                    new(1999, 6, 1), Baseline, sectors: false);
            }
        }

        FillGaps(MobileCovered(Baseline), MobileAdminShare2005, (county, at) => AddStation(_random.NextDouble() < 0.7 ? Carriers.Mobile : Carriers.Unicom,
            RadioTechnology.Gsm, at, Apportion.Uniform(_random, 4_500, 6_500), new(2000, 1, 1), Baseline, sectors: _random.Next(6) == 0));
    }

    /// <summary>Which administrative villages (in <see cref="Admin"/> order) have mobile coverage on a date.</summary>
    private bool[] MobileCovered(DateOnly asOf)
    {
        var result = Evaluate(asOf);
        return [.. Admin.Select(v => result.IsServed(result.IndexOf(v.Code), Domain.Plans.Service.Mobile))];
    }

    /// <summary>
    /// Adds rural sites at the largest uncovered administrative villages until the share covered reaches
    /// <paramref name="share"/> (or <paramref name="limit"/> sites are added), keeping <paramref name="covered"/> up to date
    /// with the coverage rules' footprint test.
    /// </summary>
    private int FillGaps(bool[] covered, double share, Func<County, Coordinate, BaseStation> add, int limit = int.MaxValue,
        Func<Village, bool>? where = null)
    {
        var added = 0;
        while (added < limit && (double)covered.Count(c => c) / covered.Length < share)
        {
            var gap = Enumerable.Range(0, Admin.Count)
                .Where(i => !covered[i] && TownshipOf(Admin[i]).IsRural && (where is null || where(Admin[i])))
                .OrderByDescending(i => Admin[i].Population).ThenBy(i => Admin[i].Code, StringComparer.Ordinal)
                .Select(i => Admin[i]).FirstOrDefault();
            if (gap is null)
            {
                break;
            }

            var station = add(CountyOf(TownshipOf(gap)), Near(At(gap.Location), 0, 600));
            added++;
            for (var i = 0; i < Admin.Count; i++)
            {
                covered[i] |= Reaches(station, Admin[i].Location);
            }
        }

        return added;
    }

    /// <summary>The coverage rules' footprint test, for book-keeping while placing sites.</summary>
    private static bool Reaches(BaseStation s, Point village)
    {
        var (d, bearing) = Geodesic.Inverse(s.Location.X, s.Location.Y, village.X, village.Y);
        return CoverageRules.StationCovers(s, d, bearing, CoverageOptions.Default);
    }

    private BaseStation AddStation(Domain.Carrier carrier, RadioTechnology tech, Coordinate at, double radiusM, DateOnly from, DateOnly to,
        bool sectors, Lifecycle? lifecycle = null)
    {
        IReadOnlyList<Sector>? wedges = null;
        double? omni = Math.Round(radiusM);
        if (sectors)
        {
            // Three 120° sectors, rotated at random so some straddle north, as real sites do.
            var start = _random.Next(0, 120);
            wedges = [.. Enumerable.Range(0, 3).Select(k => new Sector((start + (k * 120)) % 360, 120, Math.Round(radiusM * Apportion.Uniform(_random, 0.85, 1.1))))];
            omni = null;
        }

        var code = Code(carrier, "BTS");
        var station = new BaseStation(carrier.Id, code, $"{carrier.ShortName}{tech.ToString().ToUpperInvariant()}基站 {code[^5..]}",
            lifecycle ?? Commissioned(from, to), Place.Point(at), tech, omni, wedges, Math.Round(Apportion.Uniform(_random, 25, 45)));
        _stations.Add(station);
        return station;
    }

    /// <summary>Points of a jittered square lattice of the given spacing within a radius of a centre.</summary>
    private List<Coordinate> Lattice(Coordinate centre, double radiusM, double spacingM)
    {
        var points = new List<Coordinate>();
        var n = (int)Math.Ceiling(radiusM / spacingM);
        for (var i = -n; i <= n; i++)
        {
            for (var j = -n; j <= n; j++)
            {
                var dx = (i + Apportion.Uniform(_random, -0.25, 0.25)) * spacingM;
                var dy = (j + Apportion.Uniform(_random, -0.25, 0.25)) * spacingM;
                var d = Math.Sqrt((dx * dx) + (dy * dy));
                if (d <= radiusM)
                {
                    points.Add(Place.Offset(centre, d, Math.Atan2(dx, dy) * 180 / Math.PI));
                }
            }
        }

        return points;
    }
}
