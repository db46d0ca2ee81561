using System.Diagnostics;
using Infra.Domain.Coverage;
using Infra.Domain.Regions;

namespace Infra.Geodata.Scale;

/// <summary>
/// A deterministic synthetic data set at a <see cref="ScaleSpec"/>: the same seed gives the same records, in
/// the same order, on every machine. Shaped like the demo data (<see cref="DemoData"/>), so the demo loader
/// writes it into PostGIS, and turned into a <see cref="CoverageInput"/> for in-process runs.
/// </summary>
public static class ScaleData
{
    public const int DefaultSeed = 20_061_231;

    public static DemoData Generate(ScaleSpec spec, int seed = DefaultSeed)
    {
        var counties = ScaleRegion.Generate(spec, seed);
        var cols = ColumnsOf(counties);
        var stations = ScaleRegion.Apportion(spec.Stations, [.. counties.Select(c => (double)c.Villages.Sum(v => (long)v.Population) + 1)]);
        var networks = new CountyNetwork[counties.Length];
        Parallel.For(0, counties.Length, k => networks[k] = ScaleNetwork.Generate(counties[k], stations[k], seed, counties, cols));

        return new DemoData(
            Carriers.All,
            [.. counties.Select(c => c.County.Code[..4]).Distinct().Select(p => new City(p + "00", $"{p}00市", $"City {p}00"))],
            [.. counties.Select(c => c.County)],
            [.. counties.SelectMany(c => c.Townships)],
            [.. counties.SelectMany(c => c.Villages)],
            [.. networks.SelectMany(n => n.Stations)],
            [.. networks.SelectMany(n => n.Routes)],
            [.. networks.SelectMany(n => n.Nodes)],
            [.. networks.SelectMany(n => n.AccessPoints)],
            [.. networks.SelectMany(n => n.Transmitters)],
            [.. networks.SelectMany(n => n.Filings)],
            SeedPlan.Create(),
            $"scale:{spec.Name}:{seed}");
    }

    /// <summary>Everything the coverage engine reads from a generated set.</summary>
    public static CoverageInput Input(DemoData data) => new()
    {
        Villages = data.Villages,
        Townships = data.Townships,
        Stations = data.BaseStations,
        AccessPoints = data.AccessPoints,
        SwitchingNodes = data.SwitchingNodes,
        Transmitters = data.Transmitters,
        FiberRoutes = data.FiberRoutes,
        Filings = data.Filings,
        CarrierCodes = data.Carriers.ToDictionary(c => c.Id, c => c.Code),
    };

    /// <summary>Generates and says how long it took and how much it holds.</summary>
    public static DemoData GenerateLogged(ScaleSpec spec, TextWriter log, int seed = DefaultSeed)
    {
        var clock = Stopwatch.StartNew();
        var data = Generate(spec, seed);
        GC.Collect();
        log.WriteLine($"generated {spec.Name}: {data.Counties.Count:N0} counties, {data.Townships.Count:N0} townships, " +
            $"{data.Villages.Count(v => v.ParentCode is null):N0} administrative + {data.Villages.Count(v => v.ParentCode is not null):N0} natural villages, " +
            $"{data.BaseStations.Count:N0} stations, {data.AccessPoints.Count:N0} access points, {data.SwitchingNodes.Count:N0} switching nodes, " +
            $"{data.Transmitters.Count:N0} transmitters, {data.FiberRoutes.Count:N0} fiber routes, {data.Filings.Count:N0} filings " +
            $"in {clock.Elapsed.TotalSeconds:F1} s; managed heap {GC.GetTotalMemory(false) / 1e9:F2} GB");
        return data;
    }

    private static int ColumnsOf(ScaleCounty[] counties)
    {
        // Counties are laid out row by row; a row ends where the next county's rectangle starts further west.
        var first = counties[0].County.Boundary.EnvelopeInternal.MinX;
        for (var k = 1; k < counties.Length; k++)
        {
            if (counties[k].County.Boundary.EnvelopeInternal.MinX <= first)
            {
                return k;
            }
        }

        return counties.Length;
    }
}
