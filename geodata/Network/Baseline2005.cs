using Infra.Domain.Assets;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata.Network;

/// <summary>The plan's 2005 figures (section 一(一)) that the generated network adds up to exactly.</summary>
public static class Baseline2005
{
    /// <summary>本地电话交换容量达123.5万门.</summary>
    public const int FixedSwitchingLines = 1_235_000;

    /// <summary>固定电话用户达到74.1万户.</summary>
    public const int FixedPhoneUsers = 741_000;

    /// <summary>无线市话容量18万门.</summary>
    public const int PhsLines = 180_000;

    /// <summary>小灵通网上用户达到13.8万户.</summary>
    public const int PhsUsers = 138_000;

    /// <summary>宽带上网端口容量扩容至5.6万线.</summary>
    public const int BroadbandPorts = 56_000;

    /// <summary>宽带互联网用户3.6万户.</summary>
    public const int BroadbandUsers = 36_000;

    /// <summary>移动电话容量达到165万门.</summary>
    public const int MobileSwitchingLines = 1_650_000;

    /// <summary>城乡有线电视用户已达到18万多户 ("over 180,000"; the demo takes 182,400).</summary>
    public const int CableTvSubscribers = 182_400;

    /// <summary>行政村通电话率百分百.</summary>
    public const double AdminVillagesWithPhone = 1.0;

    /// <summary>自然村通电话率98%以上 (the demo aims at 98.5 %).</summary>
    public const double NaturalVillagesWithPhone = 0.985;

    /// <summary>广播电视人口综合覆盖分别达到97%和95%以上.</summary>
    public const double RadioPopulation = 0.97;

    public const double TvPopulation = 0.95;
}

internal sealed partial class NetworkBuilder
{
    private readonly HashSet<string> _fiberTownships = new(StringComparer.Ordinal);

    private County CitySeatCounty => Counties[0];

    /// <summary>
    /// Backbones between county seats (网通 and 移动 as minimum spanning trees, 广电 as a star from the city,
    /// "市到县"), and 网通's distribution fiber grown outward from each county seat to the nearer three
    /// quarters of its rural township seats and to every 街道 (the rest come in the build-out).
    /// </summary>
    private void Fiber2005()
    {
        var seats = Counties.Select(c => At(c.Seat)).ToList();
        foreach (var (carrier, from, to) in new[] { (Carriers.Netcom, 1996, 2001), (Carriers.Mobile, 1998, 2003) })
        {
            foreach (var (a, b) in SpanningTree(seats))
            {
                AddFiber(carrier, seats[a], seats[b], FiberTier.Backbone, new(from, 1, 1), new(to, 12, 31), 0.08);
            }
        }

        for (var c = 1; c < seats.Count; c++)
        {
            AddFiber(Carriers.RadioTv, seats[0], seats[c], FiberTier.Backbone, new(2001, 1, 1), new(2005, 6, 30), 0.1);
        }

        foreach (var county in Counties)
        {
            var townships = Townships.Where(t => t.CountyCode == county.Code).ToList();
            var rural = townships.Where(t => t.IsRural).OrderBy(t => Place.ApproxM(At(t.Seat), At(county.Seat))).ToList();
            var reached = rural.Take((int)Math.Round(rural.Count * 0.75))
                .Concat(townships.Where(t => !t.IsRural)).ToList();
            GrowTree(Carriers.Netcom, At(county.Seat), reached, FiberTier.Distribution, new(1999, 1, 1), Baseline);
            _fiberTownships.UnionWith(reached.Select(t => t.Code));
        }
    }

    /// <summary>Connects each township seat, nearest first, to the nearest point already connected (seat or township).</summary>
    private void GrowTree(Domain.Carrier carrier, Coordinate root, IEnumerable<Township> townships, FiberTier tier, DateOnly from, DateOnly to)
    {
        var connected = new List<Coordinate> { root };
        var pending = townships.Where(t => Place.ApproxM(At(t.Seat), root) > 300).ToList();
        while (pending.Count > 0)
        {
            var (t, anchor) = pending
                .Select(t => (t, anchor: connected.MinBy(c => Place.ApproxM(c, At(t.Seat)))!))
                .MinBy(x => Place.ApproxM(x.anchor, At(x.t.Seat)));
            AddFiber(carrier, anchor, At(t.Seat), tier, from, to, 0.15);
            connected.Add(At(t.Seat));
            pending.Remove(t);
        }
    }

    private FiberRoute AddFiber(Domain.Carrier carrier, Coordinate a, Coordinate b, FiberTier tier, DateOnly from, DateOnly to,
        double bendiness, Lifecycle? lifecycle = null)
    {
        var route = Place.Route(a, b, _random, bendiness);
        var (cores, laying) = tier switch
        {
            FiberTier.Backbone => (_random.Next(2) == 0 ? 48 : 96, _random.Next(3) == 0 ? FiberLaying.Duct : FiberLaying.DirectBuried),
            FiberTier.Distribution => (_random.Next(2) == 0 ? 12 : 24, _random.Next(4) == 0 ? FiberLaying.DirectBuried : FiberLaying.Aerial),
            _ => (_random.Next(2) == 0 ? 6 : 12, FiberLaying.Aerial),
        };
        var life = lifecycle ?? Commissioned(from, to);
        var code = Code(carrier, "FR");
        var length = Domain.Geo.Geodesic.LengthM(route);

        // Some carriers declare lengths from their own ledgers; a few disagree with the geometry, as real ledgers do.
        double? declared = _random.Next(5) == 0 ? Math.Round(length * (1 + (Apportion.Normal(_random) * 0.04)) / 10) * 10 : null;
        var fiber = new FiberRoute(carrier.Id, code, $"{carrier.ShortName}光缆 {code[^5..]}", life, route, cores, laying, tier,
            declared is > 0 ? declared : null);
        _fiber.Add(fiber);
        return fiber;
    }

    /// <summary>Splits an exact total in proportion to weights without giving any share more than its cap.</summary>
    private static int[] Capped(int total, int[] caps, double[] weights)
    {
        if (total > caps.Sum())
        {
            throw new ArgumentException($"{total} does not fit in a capacity of {caps.Sum()}.", nameof(total));
        }

        var result = Apportion.LargestRemainder(total, weights);
        while (true)
        {
            var excess = 0;
            for (var i = 0; i < result.Length; i++)
            {
                if (result[i] > caps[i])
                {
                    excess += result[i] - caps[i];
                    result[i] = caps[i];
                }
            }

            if (excess == 0)
            {
                return result;
            }

            var slack = result.Select((r, i) => (double)(caps[i] - r)).ToList();
            var extra = Apportion.LargestRemainder(excess, slack);
            for (var i = 0; i < result.Length; i++)
            {
                result[i] += extra[i];
            }
        }
    }

    private static List<(int, int)> SpanningTree(IReadOnlyList<Coordinate> points)
    {
        var inTree = new bool[points.Count];
        inTree[0] = true;
        var edges = new List<(int, int)>();
        for (var added = 1; added < points.Count; added++)
        {
            var best = (a: -1, b: -1, d: double.MaxValue);
            for (var a = 0; a < points.Count; a++)
            {
                for (var b = 0; inTree[a] && b < points.Count; b++)
                {
                    var d = Place.ApproxM(points[a], points[b]);
                    if (!inTree[b] && d < best.d)
                    {
                        best = (a, b, d);
                    }
                }
            }

            inTree[best.b] = true;
            edges.Add((best.a, best.b));
        }

        return edges;
    }

    /// <summary>
    /// Fixed switching (网通 exchanges at county seats and modules at township seats, 电信 in three towns),
    /// PHS controllers at county seats and MSCs in the city, sized to the plan's 2005 totals exactly.
    /// </summary>
    private void Switching2005()
    {
        var sites = new List<(Domain.Carrier Carrier, SwitchingNodeKind Kind, Coordinate At, string Name, double Weight)>();
        foreach (var county in Counties)
        {
            var urban = Communities.Where(v => v.CountyCode == county.Code).Sum(v => (double)v.Population);
            sites.Add((Carriers.Netcom, SwitchingNodeKind.LocalExchange, Near(At(county.Seat), 100, 600), $"{county.Name}端局", urban * 0.16));
            if (county == CitySeatCounty)
            {
                sites.Add((Carriers.Netcom, SwitchingNodeKind.LocalExchange, Near(At(county.Seat), 1500, 3000), $"{county.Name}第二端局", urban * 0.1));
            }

            if (county.Code is "411702" or "411721" or "411727")
            {
                sites.Add((Carriers.Telecom, SwitchingNodeKind.LocalExchange, Near(At(county.Seat), 300, 1200), $"{county.Name}电信端局", urban * 0.05));
            }
        }

        foreach (var t in Townships.Where(t => Place.ApproxM(At(t.Seat), At(CountyOf(t).Seat)) > 1500))
        {
            sites.Add((Carriers.Netcom, SwitchingNodeKind.RemoteModule, Near(At(t.Seat), 50, 400), $"{t.Name}模块局",
                PeopleByTownship.GetValueOrDefault(t.Code) * 0.1));
        }

        AddSwitching(sites, Baseline2005.FixedSwitchingLines, Baseline2005.FixedPhoneUsers, new(1992, 1, 1), new(2005, 9, 30));

        var phs = Counties.Select(c => (Carriers.Netcom, SwitchingNodeKind.PhsController, Near(At(c.Seat), 200, 800), $"{c.Name}小灵通控制器",
            Communities.Where(v => v.CountyCode == c.Code).Sum(v => (double)v.Population))).ToList();
        AddSwitching(phs, Baseline2005.PhsLines, Baseline2005.PhsUsers, new(2001, 6, 1), new(2004, 12, 31));

        var city = At(CitySeatCounty.Seat);
        AddSwitching([(Carriers.Mobile, SwitchingNodeKind.Msc, Near(city, 500, 2500), "驿城移动交换中心一", 6),
            (Carriers.Mobile, SwitchingNodeKind.Msc, Near(city, 500, 2500), "驿城移动交换中心二", 4)], 1_000_000, 690_000, new(1997, 1, 1), new(2004, 6, 30));
        AddSwitching([(Carriers.Unicom, SwitchingNodeKind.Msc, Near(city, 500, 2500), "驿城联通交换中心", 1)],
            Baseline2005.MobileSwitchingLines - 1_000_000, 240_000, new(1999, 1, 1), new(2003, 12, 31));
    }

    /// <summary>Sizes nodes in proportion to their weights (capacity in units of 100 lines) and fills them to an exact user total.</summary>
    private void AddSwitching(IReadOnlyList<(Domain.Carrier Carrier, SwitchingNodeKind Kind, Coordinate At, string Name, double Weight)> sites,
        int lines, int users, DateOnly from, DateOnly to)
    {
        var capacity = Apportion.LargestRemainder(lines / 100, sites.Select(s => s.Weight).ToList(), minimum: 5);
        var fill = sites.Select(_ => Apportion.Uniform(_random, 0.45, 0.75)).ToArray();
        var used = Capped(users, capacity.Select(c => c * 100).ToArray(), capacity.Select((c, i) => c * fill[i]).ToArray());
        for (var i = 0; i < sites.Count; i++)
        {
            var s = sites[i];
            _nodes.Add(new SwitchingNode(s.Carrier.Id, Code(s.Carrier, "SW"), s.Name, Commissioned(from, to), Place.Point(s.At), s.Kind,
                capacity[i] * 100, used[i]));
        }
    }

    /// <summary>
    /// 网通's broadband in 2005: an ADSL DSLAM at every township seat its fiber reached ("宽带覆盖到乡镇") and
    /// LAN access in the county towns, with the plan's 56,000 ports and 36,000 users exactly.
    /// </summary>
    private void Access2005()
    {
        var sites = new List<(AccessTechnology Tech, Coordinate At, string Name, double Weight)>();
        foreach (var t in Townships.Where(t => _fiberTownships.Contains(t.Code)))
        {
            sites.Add((AccessTechnology.Adsl, Near(At(t.Seat), 50, 300), $"{t.Name}宽带接入点", 200 + (PeopleByTownship.GetValueOrDefault(t.Code) * 0.01)));
        }

        foreach (var community in Communities.Where((_, i) => i % 3 == 0))
        {
            sites.Add((AccessTechnology.Lan, Near(At(community.Location), 20, 150), $"{community.Name}小区宽带", community.Population * 0.03));
        }

        var ports = Apportion.LargestRemainder(Baseline2005.BroadbandPorts / 8, sites.Select(s => s.Weight).ToList(), minimum: 4);
        var fill = sites.Select(_ => Apportion.Uniform(_random, 0.5, 0.8)).ToArray();
        var used = Capped(Baseline2005.BroadbandUsers, ports.Select(p => p * 8).ToArray(), ports.Select((p, i) => p * fill[i]).ToArray());
        for (var i = 0; i < sites.Count; i++)
        {
            var s = sites[i];
            // 网通 records the reach its 2 Mbit/s ADSL product is sold to (about 3 km of loop), shorter than the copper limit.
            double? reach = s.Tech == AccessTechnology.Adsl ? 100 * _random.Next(22, 31) : null;
            _access.Add(new AccessPoint(Carriers.Netcom.Id, Code(Carriers.Netcom, "AP"), s.Name,
                Commissioned(new(2001, 3, 1), new(2005, 11, 30)), Place.Point(s.At), s.Tech, ports[i] * 8, used[i], reach, true, false));
        }
    }
}
