using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Geodata.Network;

internal sealed partial class NetworkBuilder
{
    /// <summary>
    /// The city's radio and TV stations in 驿城区 and the nine county stations (“县级广播电视台9座”), with
    /// service radii scaled together until the population inside them is the plan's 97 % (radio) and 95 % (TV).
    /// </summary>
    private void Broadcast2005()
    {
        var places = Natural.Concat(Communities).ToList();
        foreach (var (kind, share) in new[] { (BroadcastKind.Radio, Baseline2005.RadioPopulation), (BroadcastKind.Tv, Baseline2005.TvPopulation) })
        {
            var sites = Counties.Select(c => (County: c, At: Near(At(c.Seat), 500, 3_000),
                Base: Math.Sqrt(Geodesic.AreaKm2(c.Boundary) / Math.PI) * 1000 * (c == CitySeatCounty ? 1.4 : 1.0))).ToList();
            var distances = sites.Select(s => places.Select(p => Geodesic.DistanceM(s.At.X, s.At.Y, p.Location.X, p.Location.Y)).ToArray()).ToList();
            var scale = Bisect(0.2, 3.0, k => CoveredShare(places, distances, sites.Select(s => s.Base * k).ToList()), share);
            foreach (var s in sites)
            {
                var name = kind == BroadcastKind.Radio ? "广播发射台" : "电视发射台";
                _transmitters.Add(new BroadcastTransmitter(Carriers.RadioTv.Id, Code(Carriers.RadioTv, "TX"),
                    $"{s.County.Name}{(s.County == CitySeatCounty ? "市" : "")}{name}", Commissioned(new(1986, 1, 1), new(2001, 12, 31)),
                    Place.Point(s.At), kind, s.County == CitySeatCounty ? 10 : Math.Round(Apportion.Uniform(_random, 1, 5), 1),
                    Math.Round(s.Base * scale)));
            }
        }
    }

    private static double CoveredShare(List<Village> places, List<double[]> distances, List<double> radii)
    {
        long all = 0, covered = 0;
        for (var p = 0; p < places.Count; p++)
        {
            all += places[p].Population;
            for (var s = 0; s < radii.Count; s++)
            {
                if (distances[s][p] <= Math.Round(radii[s]))
                {
                    covered += places[p].Population;
                    break;
                }
            }
        }

        return (double)covered / all;
    }

    /// <summary>The smallest x in [lo, hi] where the increasing function f reaches the goal.</summary>
    private static double Bisect(double lo, double hi, Func<double, double> f, double goal)
    {
        for (var i = 0; i < 50; i++)
        {
            var mid = (lo + hi) / 2;
            if (f(mid) >= goal)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return hi;
    }

    /// <summary>
    /// Every administrative village has a fixed-phone filing (村村通电话); natural villages that no asset
    /// serves get one too, except the most remote 1.5 % (“自然村通电话率98%以上”); 广电 files cable TV for the
    /// county towns and the villages round a third of the township seats, 182,400 subscribers in all.
    /// </summary>
    private void Filings2005()
    {
        var telecomCounties = new HashSet<string>(["411702", "411721", "411727"], StringComparer.Ordinal);
        foreach (var v in Admin)
        {
            var carrier = telecomCounties.Contains(v.CountyCode) && _random.Next(5) == 0 ? Carriers.Telecom : Carriers.Netcom;
            AddFiling(carrier, v, FiledService.FixedPhone, "POTS", null, null, Place.Date(_random, new(1998, 1, 1), new(2005, 6, 30)), null);
        }

        var result = Evaluate(Baseline);
        var unserved = Natural.Where(v => !result.IsServed(result.IndexOf(v.Code), Service.Phone))
            .OrderByDescending(v => Place.ApproxM(At(v.Location), At(TownshipOf(v).Seat))).ThenBy(v => v.Code, StringComparer.Ordinal).ToList();
        var leaveOut = (int)Math.Round(Natural.Count * (1 - Baseline2005.NaturalVillagesWithPhone));
        foreach (var v in unserved.Skip(leaveOut))
        {
            AddFiling(Carriers.Netcom, v, FiledService.FixedPhone, "POTS", null, null, Place.Date(_random, new(1999, 1, 1), new(2005, 9, 30)), null);
        }

        var cabled = new List<Village>(Communities);
        foreach (var t in Townships.Where(t => t.IsRural && _random.NextDouble() < 0.33))
        {
            cabled.AddRange(Natural.Where(v => v.TownshipCode == t.Code && Place.ApproxM(At(v.Location), At(t.Seat)) < 2_500));
        }

        var subscribers = Apportion.LargestRemainder(Baseline2005.CableTvSubscribers,
            cabled.Select(v => v.Households * (v.Kind == VillageKind.Community ? 0.5 : 0.2)).ToList());
        for (var i = 0; i < cabled.Count; i++)
        {
            AddFiling(Carriers.RadioTv, cabled[i], FiledService.CableTv, "HFC", null, null,
                Place.Date(_random, new(1996, 1, 1), new(2005, 10, 31)), Math.Min(subscribers[i], cabled[i].Households));
        }
    }

    private ServiceFiling AddFiling(Domain.Carrier carrier, Village village, FiledService service, string? technology,
        double? down, double? up, DateOnly from, int? subscribers)
    {
        var filing = new ServiceFiling(carrier.Id, Code(carrier, "FIL"), village.Code, service, technology, down, up, from, null, subscribers);
        _filings.Add(filing);
        return filing;
    }
}
