using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata.Scale;

/// <summary>The assets and filings of one county.</summary>
internal sealed record CountyNetwork(
    List<BaseStation> Stations, List<AccessPoint> AccessPoints, List<SwitchingNode> Nodes,
    List<BroadcastTransmitter> Transmitters, List<FiberRoute> Routes, List<ServiceFiling> Filings);

/// <summary>
/// A plausible network on generated places: stations where people live (drawn by population, a quarter at
/// township seats), each technology commissioned in its own era so that an as-of date sees a real mix (PHS
/// retired, LTE and NR arriving); an access point per administrative village and township seat; exchanges,
/// transmitters, fiber (county to county, county to township, township to villages) and filings with a few
/// disputes. Per county, from the county's own seed.
/// </summary>
internal static class ScaleNetwork
{
    private const short Cnc = 1, Ct = 2, Cmcc = 3, Cu = 4, Catv = 6;

    // Share of stations, first and last commissioning year, carriers: China's 2G/3G/4G/5G build-out in outline.
    private static readonly (RadioTechnology Tech, double Share, int From, int To, short[] Carriers)[] Mix =
    [
        (RadioTechnology.Gsm, 0.30, 1998, 2012, [Cmcc, Cmcc, Cu]),
        (RadioTechnology.Cdma, 0.06, 2002, 2012, [Ct]),
        (RadioTechnology.Phs, 0.03, 2002, 2008, [Ct, Cnc]),
        (RadioTechnology.TdScdma, 0.05, 2009, 2013, [Cmcc]),
        (RadioTechnology.Wcdma, 0.08, 2009, 2014, [Cu]),
        (RadioTechnology.Cdma2000, 0.05, 2009, 2014, [Ct]),
        (RadioTechnology.Lte, 0.35, 2013, 2020, [Cmcc, Cmcc, Ct, Cu]),
        (RadioTechnology.Nr, 0.08, 2019, 2022, [Cmcc, Ct, Cu]),
    ];

    public static CountyNetwork Generate(ScaleCounty county, int stations, int seed, IReadOnlyList<ScaleCounty> all, int countiesPerRow)
    {
        var random = new Random(ScaleRegion.Seed(seed, county.Index, 99));
        var code = county.County.Code;
        var villages = county.Villages;
        var cumulative = new double[villages.Count];
        var sum = 0.0;
        for (var i = 0; i < villages.Count; i++)
        {
            sum += villages[i].Kind == VillageKind.Natural ? villages[i].Population : 0;
            cumulative[i] = sum;
        }

        var net = new CountyNetwork([], [], [], [], [], []);
        for (var s = 0; s < stations; s++)
        {
            var near = random.NextDouble() < 0.25 || sum == 0
                ? county.Townships[random.Next(county.Townships.Count)].Seat.Coordinate
                : villages[Math.Min(villages.Count - 1, ~Array.BinarySearch(cumulative, random.NextDouble() * sum) is var i && i >= 0 ? i : ~i)].Location.Coordinate;
            net.Stations.Add(Station(random, $"{code}-{s:000000}", Jitter(random, near, 0.3)));
        }

        foreach (var township in county.Townships)
        {
            var seat = township.Seat.Coordinate;
            net.AccessPoints.Add(Access(random, $"{township.Code}-T", Jitter(random, seat, 0.1)));
            net.Nodes.Add(new SwitchingNode(Cnc, $"{township.Code}-RM", null, Life(random, 1995, 2005, retired: 0), Pt(Jitter(random, seat, 0.1)),
                township.Kind == TownshipKind.Subdistrict ? SwitchingNodeKind.LocalExchange : SwitchingNodeKind.RemoteModule, 4_000, random.Next(4_000)));
            net.Routes.Add(Route(random, $"{township.Code}-D", FiberTier.Distribution, county.Seat.Coordinate, seat));
        }

        var seatAt = county.Seat.Coordinate;
        net.Nodes.Add(new SwitchingNode(Cnc, $"{code}-OLT", null, Life(random, 2010, 2016, 0), Pt(Jitter(random, seatAt, 0.2)), SwitchingNodeKind.Olt, 20_000, random.Next(20_000)));
        if (county.Index % 10 == 0)
        {
            net.Nodes.Add(new SwitchingNode(Cmcc, $"{code}-MSC", null, Life(random, 2000, 2005, 0), Pt(Jitter(random, seatAt, 0.2)), SwitchingNodeKind.Msc, 1_000_000, random.Next(1_000_000)));
        }

        net.Transmitters.Add(new BroadcastTransmitter(Catv, $"{code}-FM", null, Life(random, 1985, 2000, 0), Pt(Jitter(random, seatAt, 1)),
            BroadcastKind.Radio, 1 + random.Next(10), 25_000 + random.Next(20_000)));
        net.Transmitters.Add(new BroadcastTransmitter(Catv, $"{code}-TV", null, Life(random, 1985, 2000, 0), Pt(Jitter(random, seatAt, 1)),
            BroadcastKind.Tv, 1 + random.Next(10), 20_000 + random.Next(20_000)));

        // Backbone to the east and north neighbours.
        foreach (var neighbour in new[] { county.Index + 1, county.Index + countiesPerRow })
        {
            if (neighbour < all.Count && (neighbour != county.Index + 1 || neighbour % countiesPerRow != 0))
            {
                net.Routes.Add(Route(random, $"{code}-B{neighbour}", FiberTier.Backbone, seatAt, all[neighbour].Seat.Coordinate));
            }
        }

        foreach (var village in villages)
        {
            if (village.Kind == VillageKind.Administrative)
            {
                var at = village.Location.Coordinate;
                net.AccessPoints.Add(Access(random, $"{village.Code}-A", Jitter(random, at, 0.15)));
                if (random.NextDouble() < 0.4)
                {
                    var township = county.Townships.First(t => village.Code.StartsWith(t.Code, StringComparison.Ordinal));
                    net.Routes.Add(Route(random, $"{village.Code}-F", FiberTier.Access, township.Seat.Coordinate, at));
                }

                Filings(random, net.Filings, village.Code, [(FiledService.Broadband, 0.35), (FiledService.FixedPhone, 0.45), (FiledService.CableTv, 0.3), (FiledService.Mobile, 0.1)]);
            }
            else
            {
                Filings(random, net.Filings, village.Code, [(FiledService.CableTv, 0.1)]);
            }
        }

        return net;
    }

    private static BaseStation Station(Random random, string code, Coordinate at)
    {
        var pick = random.NextDouble();
        var m = 0;
        while (m < Mix.Length - 1 && pick >= Mix[m].Share)
        {
            pick -= Mix[m].Share;
            m++;
        }

        var (tech, _, from, to, carriers) = Mix[m];
        var life = Life(random, from, to, retired: tech == RadioTechnology.Phs ? 1 : tech == RadioTechnology.Gsm ? 0.1 : 0.01);
        var shape = random.NextDouble();
        double? explicitRadius = random.NextDouble() < 0.5 ? null : Math.Round(800 + (random.NextDouble() * 6_200));
        IReadOnlyList<Sector>? sectors = null;
        if (shape < 0.45)
        {
            var first = random.NextDouble() * 120;
            sectors = [.. new[] { 0, 120, 240 }.Select(o => new Sector(Math.Round(first + o, 1) % 360, 65, explicitRadius))];
        }
        else if (shape < 0.5)
        {
            // Road coverage: one or two wide sectors.
            sectors = [.. Enumerable.Range(0, 1 + random.Next(2)).Select(_ => new Sector(Math.Round(random.NextDouble() * 359.9, 1), 90, explicitRadius))];
        }

        return new BaseStation(carriers[random.Next(carriers.Length)], code, null, life, Pt(at), tech,
            sectors is null ? explicitRadius : null, sectors, 20 + random.Next(30));
    }

    private static AccessPoint Access(Random random, string code, Coordinate at)
    {
        var pick = random.NextDouble();
        var tech = pick < 0.5 ? AccessTechnology.Adsl : pick < 0.85 ? AccessTechnology.Pon : pick < 0.9 ? AccessTechnology.Lan
            : pick < 0.95 ? AccessTechnology.FixedWireless : AccessTechnology.Cable;
        var ports = 32 * (1 + random.Next(8));
        var used = random.NextDouble() < 0.1 ? ports : random.Next(ports + 1);
        double? reach = random.NextDouble() < 0.6 ? null : Math.Round(300 + (random.NextDouble() * 4_000));
        return new AccessPoint(tech == AccessTechnology.Cable ? Catv : random.NextDouble() < 0.6 ? Cnc : Ct, code, null,
            Life(random, 2003, 2018, 0.02), Pt(at), tech, ports, used, reach, random.NextDouble() < 0.7, integrated: random.NextDouble() < 0.5);
    }

    private static FiberRoute Route(Random random, string code, FiberTier tier, Coordinate from, Coordinate to)
    {
        var mid = Jitter(random, new Coordinate((from.X + to.X) / 2, (from.Y + to.Y) / 2), 0.5);
        var points = from.Equals2D(to) ? [from, Jitter(random, to, 0.3)] : new[] { from, mid, to };
        return new FiberRoute(tier == FiberTier.Backbone ? Ct : Cnc, code, null, Life(random, 1998, 2015, 0),
            Wgs84.Factory.CreateLineString(points), tier == FiberTier.Access ? 12 : 48, FiberLaying.Aerial, tier, null);
    }

    private static void Filings(Random random, List<ServiceFiling> filings, string village, (FiledService Service, double Chance)[] services)
    {
        foreach (var (service, chance) in services)
        {
            if (random.NextDouble() >= chance)
            {
                continue;
            }

            var carrier = service switch
            {
                FiledService.CableTv => Catv,
                FiledService.Mobile => Cmcc,
                _ => random.NextDouble() < 0.6 ? Cnc : Ct,
            };
            var from = new DateOnly(2005 + random.Next(11), 1 + random.Next(12), 1);
            DateOnly? to = random.NextDouble() < 0.05 ? from.AddYears(3) : null;
            var filing = new ServiceFiling(carrier, $"{village}-{service}", village, service, null, null, null, from, to, null);
            var dispute = random.NextDouble();
            if (dispute < 0.04)
            {
                filing.Dispute(from.AddYears(1), "not seen on site");
                if (dispute < 0.01)
                {
                    filing.Resolve(from.AddYears(2), upheld: false, "no service found");
                }
            }

            filings.Add(filing);
        }
    }

    private static Lifecycle Life(Random random, int from, int to, double retired)
    {
        var commissioned = new DateOnly(from + random.Next(to - from + 1), 1, 1).AddDays(random.Next(365));
        var planned = commissioned.AddDays(-400);
        var retiredOn = random.NextDouble() < retired ? commissioned.AddDays(2_000 + random.Next(3_000)) : (DateOnly?)null;
        return new Lifecycle(planned, planned.AddDays(200), commissioned, retiredOn);
    }

    private static Coordinate Jitter(Random random, Coordinate at, double sigmaKm)
    {
        var cos = Math.Cos(at.Y * Math.PI / 180);
        return ScaleRegion.Round(at.X + (ScaleRegion.Gaussian(random) * sigmaKm / (111.32 * cos)), at.Y + (ScaleRegion.Gaussian(random) * sigmaKm / 111.32));
    }

    private static Point Pt(Coordinate c) => Wgs84.Point(c.X, c.Y);
}
