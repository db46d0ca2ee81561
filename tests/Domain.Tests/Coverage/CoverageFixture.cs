using System.Globalization;
using System.Text;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Infra.Domain.Tests.Coverage;

/// <summary>Small builders for coverage tests: places and assets from WKT, carriers by code.</summary>
internal static class CoverageFixture
{
    public const short Cnc = 1, Ct = 2, Cmcc = 3, Cu = 4, Catv = 6;

    public static readonly DateOnly AsOf = new(2008, 6, 30);

    public static readonly IReadOnlyDictionary<short, string> Carriers = new Dictionary<short, string>
    {
        [Cnc] = "cnc", [Ct] = "ct", [Cmcc] = "cmcc", [Cu] = "cu", [5] = "crc", [Catv] = "catv",
    };

    public static readonly Lifecycle Since2005 = Lifecycle.InServiceSince(new DateOnly(2005, 1, 1));

    private static readonly WKTReader Reader = new(new NtsGeometryServices(new PrecisionModel(), Wgs84.Srid));
    private static int _codes;

    public static T Wkt<T>(string wkt) where T : Geometry => (T)Reader.Read(wkt);

    public static Point Pt(double lon, double lat) => Wgs84.Point(lon, lat);

    public static string Code(string prefix) => $"{prefix}-{Interlocked.Increment(ref _codes)}";

    /// <summary>A place; a 15-digit code makes a natural village (its parent is the first 12 digits).</summary>
    public static Village Place(string code, string wkt, int population = 100, VillageKind? kind = null)
    {
        var k = kind ?? (code.Length == 15 ? VillageKind.Natural : VillageKind.Administrative);
        return new Village(code, k, "村" + code[^3..], code[..9], k == VillageKind.Natural ? code[..12] : null,
            Wkt<Point>(wkt), population, population / 4);
    }

    public static Township Township(string code, string seatWkt) =>
        new(code, code[..6], "乡" + code[^3..], TownshipKind.Township,
            Wkt<MultiPolygon>("MULTIPOLYGON (((113 32, 116 32, 116 34, 113 34, 113 32)))"), Wkt<Point>(seatWkt));

    public static BaseStation Station(string wkt, RadioTechnology technology = RadioTechnology.Gsm, double? omniRadiusM = null,
        Sector[]? sectors = null, Lifecycle? life = null, short carrier = Cmcc) =>
        new(carrier, Code("bts"), null, life ?? Since2005, Wkt<Point>(wkt), technology, omniRadiusM, sectors, 30);

    public static AccessPoint Ap(string wkt, AccessTechnology technology = AccessTechnology.Adsl, int ports = 48, int portsUsed = 10,
        double? reachM = null, bool fiber = true, Lifecycle? life = null, short carrier = Cnc) =>
        new(carrier, Code("ap"), null, life ?? Since2005, Wkt<Point>(wkt), technology, ports, portsUsed, reachM, fiber, integrated: true);

    public static SwitchingNode Node(string wkt, SwitchingNodeKind kind = SwitchingNodeKind.RemoteModule, Lifecycle? life = null) =>
        new(Cnc, Code("sw"), null, life ?? Since2005, Wkt<Point>(wkt), kind, 2_000, 800);

    public static BroadcastTransmitter Transmitter(string wkt, BroadcastKind kind, double radiusM, Lifecycle? life = null) =>
        new(Catv, Code("tx"), null, life ?? Since2005, Wkt<Point>(wkt), kind, 10, radiusM);

    public static FiberRoute Route(string wkt, FiberTier tier = FiberTier.Access, Lifecycle? life = null) =>
        new(Cnc, Code("fo"), null, life ?? Since2005, Wkt<LineString>(wkt), 24, FiberLaying.Aerial, tier, null);

    public static ServiceFiling Filing(string villageCode, FiledService service, short carrier = Cnc, DateOnly? from = null, DateOnly? to = null) =>
        new(carrier, Code("f"), villageCode, service, null, null, null, from ?? new DateOnly(2005, 1, 1), to, null);

    public static CoverageInput Input(IEnumerable<Village> villages, IEnumerable<BaseStation>? stations = null,
        IEnumerable<AccessPoint>? access = null, IEnumerable<SwitchingNode>? nodes = null, IEnumerable<BroadcastTransmitter>? transmitters = null,
        IEnumerable<FiberRoute>? routes = null, IEnumerable<ServiceFiling>? filings = null, IEnumerable<Township>? townships = null) => new()
    {
        Villages = [.. villages],
        Stations = [.. stations ?? []],
        AccessPoints = [.. access ?? []],
        SwitchingNodes = [.. nodes ?? []],
        Transmitters = [.. transmitters ?? []],
        FiberRoutes = [.. routes ?? []],
        Filings = [.. filings ?? []],
        Townships = [.. townships ?? []],
        CarrierCodes = Carriers,
    };

    /// <summary>A report as one line of text, distances round-tripped, so two evaluators can be compared exactly.</summary>
    public static string Format(ServiceReport r)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{r.PlaceCode} {r.Service} [{r.Bases}]");
        foreach (var s in r.Sources)
        {
            text.Append(CultureInfo.InvariantCulture, $" +{s.Basis}#{s.Index}/{s.Code}/{s.CarrierCode}@{s.DistanceM:R}");
            if (s.Fiber is { } f)
            {
                text.Append(CultureInfo.InvariantCulture, $"~fo#{f.RouteIndex}@{f.DistanceM:R}");
            }
        }

        foreach (var c in r.Candidates)
        {
            text.Append(CultureInfo.InvariantCulture, $" ?{c.Basis}#{c.Index}/{c.Code}@{c.DistanceM:R}:{c.Reasons}:{c.Status}:{c.CommissionedOn}");
        }

        return text.ToString();
    }
}
