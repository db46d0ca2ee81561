using System.Globalization;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata.Network;

/// <summary>The generated network: every carrier's assets and filings, 2005 baseline plus the 2006–2008 build-out.</summary>
public sealed record DemoNetwork(
    IReadOnlyList<BaseStation> BaseStations,
    IReadOnlyList<FiberRoute> FiberRoutes,
    IReadOnlyList<SwitchingNode> SwitchingNodes,
    IReadOnlyList<AccessPoint> AccessPoints,
    IReadOnlyList<BroadcastTransmitter> Transmitters,
    IReadOnlyList<ServiceFiling> Filings);

/// <summary>
/// Builds the network on a generated region. The 2005 network adds up exactly to the plan's baseline
/// (<see cref="Baseline2005"/>) and is placed so that the coverage rules give the plan's 2005 coverage
/// figures; the build-out of 2006–2008 meets some targets and misses others, unevenly by county.
/// One <see cref="Random"/> drives every choice in a fixed order, so a seed always gives the same network.
/// </summary>
internal sealed partial class NetworkBuilder
{
    public static readonly DateOnly Baseline = new(2005, 12, 31);

    private readonly DemoRegion _region;
    private readonly Random _random;
    private readonly Dictionary<string, int> _serial = new(StringComparer.Ordinal);
    private readonly List<BaseStation> _stations = [];
    private readonly List<FiberRoute> _fiber = [];
    private readonly List<SwitchingNode> _nodes = [];
    private readonly List<AccessPoint> _access = [];
    private readonly List<BroadcastTransmitter> _transmitters = [];
    private readonly List<ServiceFiling> _filings = [];

    public NetworkBuilder(DemoRegion region, int seed)
    {
        _region = region;
        _random = new Random(seed ^ 0x5EED);
        Townships = region.Townships;
        Admin = [.. region.Villages.Where(v => v.Kind == VillageKind.Administrative)];
        Natural = [.. region.Villages.Where(v => v.Kind == VillageKind.Natural)];
        Communities = [.. region.Villages.Where(v => v.Kind == VillageKind.Community)];
        AdminByTownship = Admin.GroupBy(v => v.TownshipCode).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        PeopleByTownship = region.Villages.Where(v => v.Kind != VillageKind.Administrative).GroupBy(v => v.TownshipCode)
            .ToDictionary(g => g.Key, g => g.Sum(v => (double)v.Population), StringComparer.Ordinal);
        TownshipByCode = Townships.ToDictionary(t => t.Code, StringComparer.Ordinal);
        CarrierCodes = Carriers.All.ToDictionary(c => c.Id, c => c.Code);
    }

    private IReadOnlyList<Township> Townships { get; }

    private List<Village> Admin { get; }

    private List<Village> Natural { get; }

    private List<Village> Communities { get; }

    private Dictionary<string, List<Village>> AdminByTownship { get; }

    private Dictionary<string, Township> TownshipByCode { get; }

    /// <summary>Population of each township's natural villages and communities.</summary>
    private Dictionary<string, double> PeopleByTownship { get; }

    private Dictionary<short, string> CarrierCodes { get; }

    private IReadOnlyList<County> Counties => _region.Counties;

    public DemoNetwork Build()
    {
        Fiber2005();
        Switching2005();
        Access2005();
        Radio2005();
        Broadcast2005();
        Filings2005();
        BuildOut();
        return new DemoNetwork(_stations, _fiber, _nodes, _access, _transmitters, _filings);
    }

    /// <summary>Coverage of the network built so far, with the default rules.</summary>
    private CoverageResult Evaluate(DateOnly asOf) => CoverageEngine.Evaluate(new CoverageInput
    {
        Villages = _region.Villages,
        Townships = Townships,
        Stations = _stations,
        AccessPoints = _access,
        SwitchingNodes = _nodes,
        Transmitters = _transmitters,
        FiberRoutes = _fiber,
        Filings = _filings,
        CarrierCodes = CarrierCodes,
    }, asOf, CoverageOptions.Default);

    /// <summary>Share of the population of the atomic places (natural villages and communities) a service reaches.</summary>
    private static double PopulationShare(CoverageResult result, Service service)
    {
        long all = 0, served = 0;
        for (var i = 0; i < result.Villages.Count; i++)
        {
            var v = result.Villages[i];
            if (v.Kind == VillageKind.Administrative)
            {
                continue;
            }

            all += v.Population;
            if (result.IsServed(i, service))
            {
                served += v.Population;
            }
        }

        return (double)served / all;
    }

    private static double VillageShare(CoverageResult result, Service service, VillageKind kind)
    {
        int all = 0, served = 0;
        for (var i = 0; i < result.Villages.Count; i++)
        {
            if (result.Villages[i].Kind != kind)
            {
                continue;
            }

            all++;
            served += result.IsServed(i, service) ? 1 : 0;
        }

        return (double)served / all;
    }

    private string Code(Carrier carrier, string kind)
    {
        var key = $"{carrier.Code}-{kind}";
        var n = _serial.GetValueOrDefault(key) + 1;
        _serial[key] = n;
        return string.Create(CultureInfo.InvariantCulture, $"{carrier.Code.ToUpperInvariant()}-{kind}-{n:D5}");
    }

    private Township TownshipOf(Village v) => TownshipByCode[v.TownshipCode];

    private County CountyOf(Township t) => Counties.First(c => c.Code == t.CountyCode);

    /// <summary>An in-service lifecycle commissioned on a random day in the window, planned and built before it.</summary>
    private Lifecycle Commissioned(DateOnly from, DateOnly to, DateOnly? retired = null)
    {
        var on = Place.Date(_random, from, to);
        var built = on.AddDays(-_random.Next(60, 240));
        var planned = built.AddDays(-_random.Next(60, 300));
        return new Lifecycle(planned, built, on, retired);
    }

    private Coordinate Near(Coordinate c, double minM, double maxM) =>
        Place.Offset(c, minM + (_random.NextDouble() * (maxM - minM)), _random.NextDouble() * 360);

    private static Coordinate At(Point p) => new(p.X, p.Y);
}
