using Infra.Api.Coverage;
using Infra.Api.Data;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Infra.Geodata;
using Infra.Geodata.Scale;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using Npgsql;

namespace Infra.Api.Tests.Coverage;

/// <summary>
/// The in-process engine and the plain PostGIS join (<see cref="ReferenceCoverageSql"/>) must give every place the
/// same bases for every service: on a generated prefecture (21,000 places, 4,000 stations, every asset kind, filings
/// with disputes) and on hand-built edges. PostGIS measures with Karney's algorithm and the engine with Vincenty's,
/// which differ by well under a millimetre, so edges are built at a radius ± 1 mm (and sector edges ± 0.001°, 5 cm
/// at 3 km): decided the same way by both, and by anyone measuring honestly.
/// </summary>
public class ReferenceAgreementTests(PostGis postgis)
{
    private static readonly DateOnly AsOf = ScaleSpec.AsOf;

    [Fact]
    public async Task The_engine_and_the_PostGIS_join_agree_on_every_place_and_service()
    {
        var (data, edges) = Build();
        var connection = await postgis.NewDatabaseAsync(withDemo: false);
        await using (var db = PostGis.Context(connection))
        {
            await DemoLoader.LoadAsync(db, data, NullLogger.Instance, TestContext.Current.CancellationToken);
        }

        var engine = CoverageEngine.Evaluate(ScaleData.Input(data), AsOf, CoverageOptions.Default);
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        var reference = await ReferenceCoverageSql.EvaluateAsync(conn, AsOf, CoverageOptions.Default, TestContext.Current.CancellationToken);

        TestContext.Current.TestOutputHelper?.WriteLine($"PostGIS: prepare {reference.Prepare.TotalSeconds:F1} s, join {reference.Join.TotalSeconds:F1} s");
        Assert.Equal(data.Villages.Count, reference.Bases.Count);
        var differences = new List<string>();
        for (var v = 0; v < data.Villages.Count; v++)
        {
            var sql = reference.Bases[data.Villages[v].Code];
            for (var slot = 0; slot < CoverageRules.VillageServices.Count; slot++)
            {
                var service = CoverageRules.VillageServices[slot];
                if (engine.Bases(v, service) != sql[slot])
                {
                    differences.Add($"{data.Villages[v].Code} {service}: engine {engine.Bases(v, service)}, PostGIS {sql[slot]}");
                }
            }
        }

        Assert.Empty(differences.Take(20));

        // The edges are decided the way they were built, by both.
        foreach (var (code, service, served) in edges)
        {
            Assert.True(served == engine.IsServed(engine.IndexOf(code), service), $"{code} {service} should be {(served ? "served" : "unserved")}");
        }

        // And the generated set is not trivially all-served or all-unserved.
        foreach (var service in CoverageRules.VillageServices)
        {
            var served = Enumerable.Range(0, data.Villages.Count).Count(v => engine.IsServed(v, service));
            Assert.InRange(served, 1, data.Villages.Count - 1);
        }
    }

    /// <summary>The generated prefecture plus one county far from it holding the edge cases, and what each edge must give.</summary>
    private static (DemoData Data, List<(string Code, Service Service, bool Served)> Edges) Build()
    {
        var data = ScaleData.Generate(ScaleSpec.Prefecture);
        var edges = new Edges();
        edges.Build();
        return (data with
        {
            Counties = [.. data.Counties, edges.County],
            Townships = [.. data.Townships, edges.Township],
            Villages = [.. data.Villages, .. edges.Villages],
            BaseStations = [.. data.BaseStations, .. edges.Stations],
            AccessPoints = [.. data.AccessPoints, .. edges.Access],
            FiberRoutes = [.. data.FiberRoutes, .. edges.Routes],
            Filings = [.. data.Filings, .. edges.Filings],
        }, edges.Expect);
    }

    private sealed class Edges
    {
        private const short Cnc = 1, Cmcc = 3;
        private const string TownshipCode = "419901001";
        private static readonly Lifecycle Since2010 = Lifecycle.InServiceSince(new DateOnly(2010, 1, 1));
        private int _n;

        public County County { get; } = new("419901", "边界县", "Edge county", Rect(119.5, 39.5, 120.5, 40.5), Wgs84.Point(120, 40));

        public Township Township { get; } = new(TownshipCode, "419901", "边界乡", TownshipKind.Township, Rect(119.5, 39.5, 120.5, 40.5), Wgs84.Point(120, 40));

        public List<Village> Villages { get; } = [];

        public List<BaseStation> Stations { get; } = [];

        public List<AccessPoint> Access { get; } = [];

        public List<FiberRoute> Routes { get; } = [];

        public List<ServiceFiling> Filings { get; } = [];

        public List<(string Code, Service Service, bool Served)> Expect { get; } = [];

        public void Build()
        {
            // Omni radius at the distance ± 1 mm, each station alone near its village.
            Omni(0, d => d + 0.001, Since2010, true);
            Omni(1, d => d - 0.001, Since2010, false);

            // Commissioned on the date counts; the day after does not. Retired on the date does not count; the day after it still does.
            Omni(2, d => d + 100, Lifecycle.InServiceSince(AsOf), true);
            Omni(3, d => d + 100, Lifecycle.InServiceSince(AsOf.AddDays(1)), false);
            Omni(4, d => d + 100, new Lifecycle(null, null, new DateOnly(2010, 1, 1), AsOf), false);
            Omni(5, d => d + 100, new Lifecycle(null, null, new DateOnly(2010, 1, 1), AsOf.AddDays(1)), true);

            // Sector edges: 60° wide, the village 0.001° inside or outside an edge.
            Sectored(6, bearing => bearing + 29.999, 60, true);
            Sectored(7, bearing => bearing + 30.001, 60, false);
            Sectored(8, bearing => bearing - 29.999, 60, true);

            // Sectors across north: azimuth 350°, 40° wide, holds 330°…10°.
            Sectored(9, _ => 350, 40, true, bearingDeg: 5);
            Sectored(10, _ => 350, 40, false, bearingDeg: 15);
            Sectored(11, _ => 350, 40, true, bearingDeg: 331);

            // Filings: an open dispute does not count, an upheld one does, a rejected one never does.
            Filed(12, f => f.Dispute(AsOf.AddDays(-10), "not seen on site"), false);
            Filed(13, f =>
            {
                f.Dispute(AsOf.AddDays(-30), "not seen on site");
                f.Resolve(AsOf.AddDays(-5), upheld: true, "seen");
            }, true);
            Filed(14, f =>
            {
                f.Dispute(AsOf.AddDays(-30), "not seen on site");
                f.Resolve(AsOf.AddDays(-5), upheld: false, "not there");
            }, false);
            Filed(15, f => f.Dispute(AsOf.AddDays(1), "raised after the date"), true);

            // Access points: not flagged fiber-connected, a route 400 m away makes them so, 600 m does not; full ports never count.
            Broadband(16, routeM: 400, portsUsed: 10, true);
            Broadband(17, routeM: 600, portsUsed: 10, false);
            Broadband(18, routeM: 400, portsUsed: 48, false);
        }

        private Village Place(int i, out Point at)
        {
            // Edge cases 3 km apart in a row, far enough that each sees only its own assets (radii here are under 4 km… 8 km apart).
            at = Wgs84.Point(119.6 + (i % 10 * 0.09), 39.6 + (i / 10 * 0.09));
            var village = new Village($"{TownshipCode}{i + 1:000}", VillageKind.Administrative, $"边{i}村", TownshipCode, null, at, 100, 25);
            Villages.Add(village);
            return village;
        }

        private void Omni(int i, Func<double, double> radius, Lifecycle life, bool served)
        {
            var village = Place(i, out var at);
            var station = Wgs84.Point(at.X + 0.02, at.Y + 0.013);
            var d = Geodesic.DistanceM(station.X, station.Y, at.X, at.Y);
            Stations.Add(new BaseStation(Cmcc, $"EDGE-{++_n}", null, life, station, RadioTechnology.Gsm, radius(d), null, 30));
            Expect.Add((village.Code, Service.Mobile, served));
        }

        private void Sectored(int i, Func<double, double> azimuth, double beamwidth, bool served, double? bearingDeg = null)
        {
            var village = Place(i, out var at);
            // The station sits 3 km from the village, on the bearing asked for (seen from the station).
            var from = bearingDeg ?? 37;
            var back = (from + 180) * Math.PI / 180;
            var station = Wgs84.Point(at.X + (3.0 / (111.32 * Math.Cos(at.Y * Math.PI / 180)) * Math.Sin(back)), at.Y + (3.0 / 111.32 * Math.Cos(back)));
            var bearing = Geodesic.InitialBearingDeg(station.X, station.Y, at.X, at.Y);
            var az = ((azimuth(bearing) % 360) + 360) % 360;
            Stations.Add(new BaseStation(Cmcc, $"EDGE-{++_n}", null, Since2010, station, RadioTechnology.Gsm, null, [new Sector(az, beamwidth, 3_500)], 30));
            Expect.Add((village.Code, Service.Mobile, served));
        }

        private void Filed(int i, Action<ServiceFiling> dispute, bool served)
        {
            var village = Place(i, out _);
            var filing = new ServiceFiling(Cnc, $"EDGE-F{++_n}", village.Code, FiledService.Broadband, "ADSL", 2, 0.5, new DateOnly(2010, 1, 1), null, null);
            dispute(filing);
            Filings.Add(filing);
            Expect.Add((village.Code, Service.Broadband, served));
        }

        private void Broadband(int i, double routeM, int portsUsed, bool served)
        {
            var village = Place(i, out var at);
            var ap = Wgs84.Point(at.X + 0.005, at.Y);
            Access.Add(new AccessPoint(Cnc, $"EDGE-A{++_n}", null, Since2010, ap, AccessTechnology.Adsl, 48, portsUsed, 2_000, fiberConnected: false, integrated: true));
            // A north–south route routeM east of the access point.
            var dLon = routeM / (111_320 * Math.Cos(ap.Y * Math.PI / 180));
            Routes.Add(new FiberRoute(Cnc, $"EDGE-R{++_n}", null, Since2010,
                Wgs84.Factory.CreateLineString([new Coordinate(ap.X + dLon, ap.Y - 0.02), new Coordinate(ap.X + dLon, ap.Y + 0.02)]), 12, FiberLaying.Aerial, FiberTier.Access, null));
            Expect.Add((village.Code, Service.Broadband, served));
        }

        private static MultiPolygon Rect(double x0, double y0, double x1, double y1) =>
            Wgs84.Factory.CreateMultiPolygon([(Polygon)Wgs84.Factory.ToGeometry(new Envelope(x0, x1, y0, y1))]);
    }
}
