using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

/// <summary>
/// A seeded random region (~30 km square near Zhumadian) full of the cases the rules must get exactly right:
/// places exactly at a radius or on a sector edge, sectors across north, assets commissioned or retired on
/// the date, disputes opened or resolved on the date, full and unconnected access points, retired fiber.
/// </summary>
internal sealed class RandomCoverageCase
{
    private readonly Random _random;
    private readonly List<Village> _villages = [];

    public RandomCoverageCase(int seed, int villages = 150, int stations = 70)
    {
        _random = new Random(seed);
        var townships = Enumerable.Range(1, 4)
            .Select(t => CoverageFixture.Township($"41170200{t}", PointWkt(Lon(), Lat()))).ToList();
        MakeVillages(villages);
        var stationList = Enumerable.Range(0, stations).Select(_ => MakeStation()).ToList();
        var access = Enumerable.Range(0, 35).Select(_ => MakeAccess()).ToList();
        var routes = Enumerable.Range(0, 15).Select(_ => MakeRoute()).ToList();
        var nodes = Enumerable.Range(0, 15).Select(_ => Node(PointWkt(Lon(), Lat()), Pick(Enum.GetValues<SwitchingNodeKind>()), Life())).ToList();
        var transmitters = Enumerable.Range(0, 6).Select(_ => MakeTransmitter()).ToList();
        var filings = Enumerable.Range(0, 90).Select(_ => MakeFiling()).ToList();

        Input = CoverageFixture.Input(_villages, stationList, access, nodes, transmitters, routes, filings, townships);
        Options = CoverageOptions.Default with
        {
            MobileFilingsCount = seed % 2 == 1,
            // Some runs put a fiber route, a loop and a township seat exactly at the option's distance.
            FiberProximityM = seed % 3 == 0 ? Geodesic.DistanceToLineM(access[0].Location.X, access[0].Location.Y, routes[0].Route) : 500,
            LocalLoopReachM = seed % 3 == 1 ? Distance(nodes[0].Location, _villages[0]) : 5_800,
            IpBackboneDistanceM = seed % 3 == 2 ? Geodesic.DistanceToLineM(townships[0].Seat.X, townships[0].Seat.Y, routes[1].Route) : 5_000,
        };
    }

    public CoverageInput Input { get; }

    public CoverageOptions Options { get; }

    private void MakeVillages(int count)
    {
        var admins = new List<Village>();
        for (var i = 0; i < count; i++)
        {
            var township = $"41170200{_random.Next(1, 5)}";
            var point = PointWkt(Lon(), Lat());
            if (admins.Count < 3 || Chance(0.25))
            {
                var kind = Chance(0.1) ? VillageKind.Community : VillageKind.Administrative;
                var village = Place($"{township}{admins.Count + 1:000}", point, _random.Next(200, 3_000), kind);
                admins.Add(village);
                _villages.Add(village);
            }
            else
            {
                var parent = admins[_random.Next(admins.Count)];
                var code = $"{parent.Code}{_villages.Count(v => v.ParentCode == parent.Code) + 1:000}";
                _villages.Add(Place(code, point, _random.Next(20, 800), VillageKind.Natural));
            }
        }
    }

    private BroadcastTransmitter MakeTransmitter()
    {
        var wkt = PointWkt(Lon(), Lat());
        var radius = Chance(0.3) ? Distance(Wkt<Point>(wkt), PickVillage()) : 5_000 + (_random.NextDouble() * 25_000);
        return Transmitter(wkt, Pick(Enum.GetValues<BroadcastKind>()), radius, Life());
    }

    private BaseStation MakeStation()
    {
        var home = PickVillage().Location;
        var wkt = Chance(0.05) ? PointWkt(home.X, home.Y) : PointWkt(Lon(), Lat());
        var at = Wkt<Point>(wkt);
        var technology = Pick(Enum.GetValues<RadioTechnology>());
        var life = Life();
        var target = PickVillage();
        if (Chance(0.5))
        {
            // Omni: the default, a random radius, or exactly the distance to a village.
            double? radius = Chance(0.3) ? null : Chance(0.4) ? Distance(at, target) : 300 + (_random.NextDouble() * 5_000);
            return Station(wkt, technology, radius, null, life, Pick([Cmcc, Cu, Ct]));
        }

        var sectors = new List<Sector>();
        var (d, bearing) = Geodesic.Inverse(at.X, at.Y, target.Location.X, target.Location.Y);
        for (var k = _random.Next(1, 4); k > 0; k--)
        {
            var beamwidth = Pick(new double[] { 30, 40, 60, 65, 90, 120, 360 });
            var azimuth = Chance(0.3) ? Pick(new double[] { 350, 355, 5, 0, 340 })
                : Chance(0.4) ? Normalize(bearing + (Chance(0.5) ? beamwidth / 2 : -beamwidth / 2))   // target on the edge
                : _random.NextDouble() * 360;
            double? radius = Chance(0.3) ? null : Chance(0.4) ? Math.Max(1, d) : 300 + (_random.NextDouble() * 5_000);
            sectors.Add(new Sector(azimuth, beamwidth, radius));
        }

        return Station(wkt, technology, null, [.. sectors], life, Pick([Cmcc, Cu, Ct]));
    }

    private AccessPoint MakeAccess()
    {
        var at = PointWkt(Lon(), Lat());
        var ports = _random.Next(0, 64);
        var used = Chance(0.3) ? ports : _random.Next(0, ports + 1);
        double? reach = Chance(0.4) ? null : Chance(0.4) ? Distance(Wkt<Point>(at), PickVillage()) : 100 + (_random.NextDouble() * 6_000);
        return Ap(at, Pick(Enum.GetValues<AccessTechnology>()), ports, used, reach, fiber: Chance(0.4), Life(), Pick([Cnc, Ct, Catv]));
    }

    private FiberRoute MakeRoute()
    {
        var points = new List<string>();
        double lon = Lon(), lat = Lat();
        for (var k = _random.Next(2, 7); k > 0; k--)
        {
            points.Add(FormattableString.Invariant($"{lon:R} {lat:R}"));
            lon += (_random.NextDouble() - 0.5) * 0.08;
            lat += (_random.NextDouble() - 0.5) * 0.08;
        }

        return Route($"LINESTRING ({string.Join(", ", points)})", Pick(Enum.GetValues<FiberTier>()), Life());
    }

    private ServiceFiling MakeFiling()
    {
        var village = Chance(0.05) ? "411702001999" : PickVillage().Code;
        DateOnly from = Chance(0.1) ? AsOf.AddDays(1) : Chance(0.1) ? AsOf : new DateOnly(2006, 1, 1);
        DateOnly? to = Chance(0.1) ? AsOf.AddDays(-1) : Chance(0.1) ? AsOf : null;
        var filing = Filing(village, Pick(Enum.GetValues<FiledService>()), Pick([Cnc, Ct, Cmcc, Catv]), from, to < from ? from : to);
        switch (_random.Next(6))
        {
            case 0: filing.Dispute(new DateOnly(2007, 1, 1), "not seen on site"); break;
            case 1: filing.Dispute(AsOf, "not seen on site"); break;
            case 2:
                filing.Dispute(new DateOnly(2007, 1, 1), "not seen on site");
                filing.Resolve(Pick([AsOf, AsOf.AddDays(1), new DateOnly(2007, 6, 1)]), Chance(0.5), "checked");
                break;
        }

        return filing;
    }

    private Lifecycle Life() => _random.Next(9) switch
    {
        0 => Lifecycle.InServiceSince(AsOf),
        1 => new Lifecycle(null, null, new DateOnly(2005, 1, 1), AsOf),
        2 => new Lifecycle(null, null, new DateOnly(2005, 1, 1), new DateOnly(2007, 1, 1)),
        3 => new Lifecycle(new DateOnly(2007, 1, 1), new DateOnly(2008, 1, 1), AsOf.AddDays(1), null),
        4 => new Lifecycle(new DateOnly(2008, 1, 1), null, null, null),
        5 => new Lifecycle(AsOf.AddDays(1), null, null, null),
        _ => Since2005,
    };

    private double Lon() => 113.9 + (_random.NextDouble() * 0.3);

    private double Lat() => 32.9 + (_random.NextDouble() * 0.3);

    private static string PointWkt(double lon, double lat) => FormattableString.Invariant($"POINT ({lon:R} {lat:R})");

    /// <summary>Distance from an asset to a place, to use as its radius; 1 m when the asset stands on the place (radii are positive).</summary>
    private static double Distance(Point from, Village to) => Math.Max(1, Geodesic.DistanceM(from.X, from.Y, to.Location.X, to.Location.Y));

    private static double Normalize(double degrees)
    {
        var d = degrees % 360;
        d = d < 0 ? d + 360 : d;
        return d >= 360 ? 0 : d;
    }

    private Village PickVillage() => _villages[_random.Next(_villages.Count)];

    private bool Chance(double p) => _random.NextDouble() < p;

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
