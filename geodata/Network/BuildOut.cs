using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Geodata.Network;

/// <summary>
/// 2006–2008: what the carriers built after the plan, year by year and unevenly by county. It meets some of the
/// plan's 2006–2007 targets (98 rural stations, 1,400 km of fiber) and misses others (1,000 rural integrated
/// access points, 300,000 lines), and leaves the 2010 targets part-way, so maps and reports have something to show.
/// </summary>
internal sealed partial class NetworkBuilder
{
    private static readonly int[] Years = [2006, 2007, 2008];

    // Per year 2006, 2007, 2008.
    private static readonly int[] RuralStations = [46, 58, 74];
    private static readonly int[] UrbanStations = [24, 28, 30];
    private static readonly int[] IntegratedAccessPoints = [380, 490, 220];
    private static readonly int[] FixedLinesAdded = [130_000, 142_000, 150_000];
    private static readonly int[] FixedUsersAdded = [95_000, 110_000, 125_000];

    private Dictionary<string, double> _countyPace = [];

    private void BuildOut()
    {
        // How hard each county pushes: some build twice as fast as others.
        _countyPace = Counties.ToDictionary(c => c.Code, _ => Apportion.LogNormal(_random, 0.5), StringComparer.Ordinal);
        FiberToRemainingTownships();
        for (var y = 0; y < Years.Length; y++)
        {
            var from = new DateOnly(Years[y], 1, 1);
            var to = new DateOnly(Years[y], 12, 31);
            NewStations(y, from, to);
            NewAccessPoints(y, from, to);
            NewSwitching(y, from, to);
        }

        NewMobileSwitching();
        PlannedAtEnd();
        CdmaToTelecom();
        NewTransmitters();
        NewFilings();
    }

    private void FiberToRemainingTownships()
    {
        foreach (var county in Counties)
        {
            var rest = Townships.Where(t => t.CountyCode == county.Code && !_fiberTownships.Contains(t.Code)).ToList();
            GrowTree(Carriers.Netcom, At(county.Seat), rest, FiberTier.Distribution, new(2006, 2, 1), new(2007, 6, 30));
            _fiberTownships.UnionWith(rest.Select(t => t.Code));
        }
    }

    private int[] ByCounty(int total) => Apportion.LargestRemainder(total, Counties.Select(c => _countyPace[c.Code]).ToList());

    private void NewStations(int year, DateOnly from, DateOnly to)
    {
        var perCounty = ByCounty(RuralStations[year]);
        var covered = MobileCovered(to);
        for (var c = 0; c < Counties.Count; c++)
        {
            var code = Counties[c].Code;
            var placed = FillGaps(covered, 1.0, (_, at) => AddStation(_random.NextDouble() < 0.65 ? Carriers.Mobile : Carriers.Unicom,
                RadioTechnology.Gsm, at, Apportion.Uniform(_random, 4_500, 6_500), from, to, sectors: _random.Next(5) == 0),
                limit: perCounty[c], where: v => v.CountyCode == code);

            // Where no gap is left, the county's new rural sites add capacity near its largest villages.
            foreach (var v in Admin.Where(v => v.CountyCode == code && TownshipOf(v).IsRural)
                         .OrderByDescending(v => v.Population).Take(perCounty[c] - placed))
            {
                AddStation(Carriers.Mobile, RadioTechnology.Gsm, Near(At(v.Location), 200, 900), 5_000, from, to, sectors: true);
            }
        }

        foreach (var t in Townships.Where(t => !t.IsRural).OrderBy(_ => _random.Next()).Take(UrbanStations[year]))
        {
            AddStation(_random.Next(3) == 0 ? Carriers.Unicom : Carriers.Mobile, RadioTechnology.Gsm, Near(At(t.Seat), 200, 2_500), 1_800,
                from, to, sectors: true);
        }
    }

    /// <summary>
    /// Rural integrated access points (农村综合接入网点) at the largest administrative villages still without
    /// broadband; most get a fiber spur from the nearest fiber the same season (光纤进村), the rest stay on copper.
    /// </summary>
    private void NewAccessPoints(int year, DateOnly from, DateOnly to)
    {
        var result = Evaluate(from.AddDays(-1));
        var perCounty = ByCounty(IntegratedAccessPoints[year]);
        for (var c = 0; c < Counties.Count; c++)
        {
            var code = Counties[c].Code;
            var targets = Admin.Where(v => v.CountyCode == code && TownshipOf(v).IsRural && !result.IsServed(result.IndexOf(v.Code), Service.Broadband))
                .OrderByDescending(v => v.Population).ThenBy(v => v.Code, StringComparer.Ordinal).Take(perCounty[c]).ToList();
            foreach (var v in targets)
            {
                var roll = _random.NextDouble();
                var (carrier, tech) = roll switch
                {
                    < 0.1 => (Carriers.Telecom, AccessTechnology.FixedWireless),
                    < 0.18 => (Carriers.Tietong, AccessTechnology.Adsl),
                    < 0.3 when year == 2 => (Carriers.Netcom, AccessTechnology.Pon),
                    _ => (Carriers.Netcom, AccessTechnology.Adsl),
                };
                var fiber = tech == AccessTechnology.FixedWireless || _random.NextDouble() < 0.85;
                var life = Commissioned(from, to);
                var at = Near(At(v.Location), 20, 250);
                if (fiber)
                {
                    var spurEnd = NearestFiberPoint(at);
                    if (Place.ApproxM(spurEnd, at) > 150)
                    {
                        var days = life.CommissionedOn!.Value.AddDays(-_random.Next(10, 60));
                        AddFiber(carrier, spurEnd, at, FiberTier.Access, from, to, 0.2,
                            new Lifecycle(life.PlannedOn, life.ConstructionStartedOn, days < life.ConstructionStartedOn ? life.ConstructionStartedOn : days, null));
                    }
                }

                var ports = _random.Next(2, 5) * 16;
                // A village site serves its own village and the hamlets round it: the carriers record ~2 km.
                double? reach = tech == AccessTechnology.Pon ? null : 100 * _random.Next(15, 26);
                _access.Add(new AccessPoint(carrier.Id, Code(carrier, "AP"), $"{v.Name}综合接入网点", life, Place.Point(at), tech, ports,
                    (int)(ports * Apportion.Uniform(_random, 0.2, 0.6)), reach, fiber, integrated: true));
            }
        }
    }

    private NetTopologySuite.Geometries.Coordinate NearestFiberPoint(NetTopologySuite.Geometries.Coordinate at) =>
        _fiber.SelectMany(f => new[] { f.Route.StartPoint.Coordinate, f.Route.EndPoint.Coordinate })
            .MinBy(c => Place.ApproxM(c, at))!;

    /// <summary>Fixed-line growth as new and expanded remote modules (模块局扩容) at township seats.</summary>
    private void NewSwitching(int year, DateOnly from, DateOnly to)
    {
        var seats = Townships.Where(t => t.IsRural).OrderBy(_ => _random.Next()).Take(45).ToList();
        var sites = seats.Select(t => (Carriers.Netcom, SwitchingNodeKind.RemoteModule, Near(At(t.Seat), 50, 400),
            $"{t.Name}模块局扩容{Years[year]}", _countyPace[t.CountyCode] * Apportion.Uniform(_random, 0.5, 1.5))).ToList();
        AddSwitching(sites, FixedLinesAdded[year], FixedUsersAdded[year], from, to);
    }

    private void NewMobileSwitching()
    {
        var city = At(CitySeatCounty.Seat);
        foreach (var (carrier, name, lines, users, on) in new[]
                 {
                     (Carriers.Mobile, "驿城移动交换中心三", 600_000, 450_000, new DateOnly(2006, 9, 15)),
                     (Carriers.Unicom, "驿城联通交换中心扩容", 150_000, 100_000, new DateOnly(2007, 5, 20)),
                     (Carriers.Mobile, "驿城移动交换中心四", 400_000, 300_000, new DateOnly(2007, 10, 10)),
                     (Carriers.Mobile, "驿城移动交换中心扩容2008", 300_000, 200_000, new DateOnly(2008, 8, 20)),
                 })
        {
            _nodes.Add(new SwitchingNode(carrier.Id, Code(carrier, "SW"), name, new Lifecycle(on.AddDays(-300), on.AddDays(-150), on, null),
                Place.Point(Near(city, 500, 3_000)), SwitchingNodeKind.Msc, lines, users));
        }
    }

    /// <summary>At the end of 2008 some rural sites are still on paper or being built.</summary>
    private void PlannedAtEnd()
    {
        var result = Evaluate(new DateOnly(2008, 12, 31));
        var gaps = Admin.Where(v => TownshipOf(v).IsRural && !result.IsServed(result.IndexOf(v.Code), Service.Mobile))
            .OrderByDescending(v => v.Population).ThenBy(v => v.Code, StringComparer.Ordinal).Take(20).ToList();
        for (var i = 0; i < gaps.Count; i++)
        {
            var planned = Place.Date(_random, new(2008, 7, 1), new(2008, 11, 30));
            var life = i % 5 < 2 ? new Lifecycle(planned, planned.AddDays(_random.Next(20, 30)), null, null) : new Lifecycle(planned, null, null, null);
            AddStation(Carriers.Mobile, RadioTechnology.Gsm, Near(At(gaps[i].Location), 0, 500), 5_500, planned, planned, sectors: false, life);
        }
    }

    /// <summary>On 2008-10-01 China Unicom's CDMA network passed to China Telecom: the same sites, a new owner.</summary>
    private void CdmaToTelecom()
    {
        var handover = new DateOnly(2008, 10, 1);
        foreach (var s in _stations.Where(s => s.CarrierId == Carriers.Unicom.Id && s.Technology == RadioTechnology.Cdma).ToList())
        {
            s.Retire(handover);
            AddStation(Carriers.Telecom, RadioTechnology.Cdma, At(s.Location), s.OmniRadiusM ?? 3_000, handover, handover, sectors: false,
                new Lifecycle(new(2008, 6, 2), null, handover, null));
        }
    }

    /// <summary>Relay transmitters where the most people are out of reach, until radio reaches ~98.6 % and TV ~97.3 % by 2008.</summary>
    private void NewTransmitters()
    {
        var places = Natural.Concat(Communities).ToList();
        foreach (var (kind, goal, radius) in new[] { (BroadcastKind.Radio, 0.985, 6_000.0), (BroadcastKind.Tv, 0.973, 6_000.0) })
        {
            var sites = _transmitters.Where(t => t.BroadcastKind == kind).ToList();
            var covered = places.Select(p => sites.Any(t => Geodesic.DistanceM(t.Location.X, t.Location.Y, p.Location.X, p.Location.Y) <= t.ServiceRadiusM)).ToArray();
            var total = places.Sum(p => (long)p.Population);
            var added = new List<(Village At, DateOnly On)>();
            while ((double)places.Where((_, i) => covered[i]).Sum(p => (long)p.Population) / total < goal)
            {
                // Candidates: the administrative villages among the people out of reach; gain: who a relay there would reach.
                var outside = Enumerable.Range(0, places.Count).Where(i => !covered[i]).ToList();
                var parents = outside.Select(i => places[i].ParentCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
                var best = Admin.Where(a => parents.Contains(a.Code))
                    .MaxBy(a => outside.Where(i => Place.ApproxM(At(places[i].Location), At(a.Location)) <= radius * 0.98).Sum(i => (long)places[i].Population))!;
                foreach (var i in outside)
                {
                    covered[i] = Geodesic.DistanceM(best.Location.X, best.Location.Y, places[i].Location.X, places[i].Location.Y) <= radius;
                }

                added.Add((best, default));
            }

            for (var i = 0; i < added.Count; i++)
            {
                var on = Place.Date(_random, new DateOnly(2006 + (i * 3 / Math.Max(1, added.Count)), 3, 1), new DateOnly(2006 + (i * 3 / Math.Max(1, added.Count)), 11, 30));
                _transmitters.Add(new BroadcastTransmitter(Carriers.RadioTv.Id, Code(Carriers.RadioTv, "TX"),
                    $"{added[i].At.Name}{(kind == BroadcastKind.Radio ? "广播" : "电视")}转播台", new Lifecycle(on.AddDays(-200), on.AddDays(-90), on, null),
                    added[i].At.Location, kind, 0.3, radius));
            }
        }
    }

    /// <summary>
    /// Filings of 2006–2008: cable TV spreading to more townships, 电信's wireless broadband (some disputed by the
    /// planners; a few rejected), and fixed phone for all but ~0.6 % of natural villages by the end of 2008.
    /// </summary>
    private void NewFilings()
    {
        var cabled = _filings.Where(f => f.Service == FiledService.CableTv).Select(f => f.VillageCode).ToHashSet(StringComparer.Ordinal);
        foreach (var t in Townships.Where(t => t.IsRural).OrderBy(t => t.Code, StringComparer.Ordinal))
        {
            var roll = _random.NextDouble();
            var near = roll < 0.35 ? 3_000 : roll < 0.55 ? 1_500 : 0;
            foreach (var v in Natural.Where(v => v.TownshipCode == t.Code && !cabled.Contains(v.Code) && Place.ApproxM(At(v.Location), At(t.Seat)) < near))
            {
                AddFiling(Carriers.RadioTv, v, FiledService.CableTv, "HFC", null, null, Place.Date(_random, new(2006, 1, 1), new(2008, 12, 31)),
                    (int)(v.Households * Apportion.Uniform(_random, 0.1, 0.35)));
            }
        }

        var end2008 = new DateOnly(2008, 12, 31);
        var result = Evaluate(end2008);
        var wireless = Admin.Where(v => TownshipOf(v).IsRural && !result.IsServed(result.IndexOf(v.Code), Service.Broadband))
            .OrderBy(_ => _random.Next()).Take(60).ToList();
        for (var i = 0; i < wireless.Count; i++)
        {
            var filing = AddFiling(Carriers.Telecom, wireless[i], FiledService.Broadband, "WiMAX", 2, 0.5,
                Place.Date(_random, new(2007, 3, 1), new(2008, 10, 31)), null);
            if (i < 12)
            {
                filing.Dispute(new DateOnly(2008, 11, 3), "现场核查未发现宽带信号 (site visit found no broadband signal)");
                if (i < 4)
                {
                    filing.Resolve(new DateOnly(2008, 12, 15), upheld: false, "运营商撤回申报 (carrier withdrew the filing)");
                }
                else if (i < 7)
                {
                    filing.Resolve(new DateOnly(2008, 12, 10), upheld: true, "复核确认有服务 (service confirmed on review)");
                }
            }
        }

        result = Evaluate(end2008);
        var noPhone = Natural.Where(v => !result.IsServed(result.IndexOf(v.Code), Service.Phone))
            .OrderBy(v => Place.ApproxM(At(v.Location), At(TownshipOf(v).Seat))).ThenBy(v => v.Code, StringComparer.Ordinal).ToList();
        var keep = (int)Math.Round(Natural.Count * 0.006);
        foreach (var v in noPhone.Take(Math.Max(0, noPhone.Count - keep)))
        {
            AddFiling(Carriers.Netcom, v, FiledService.FixedPhone, "POTS", null, null, Place.Date(_random, new(2006, 1, 1), end2008), null);
        }
    }
}
