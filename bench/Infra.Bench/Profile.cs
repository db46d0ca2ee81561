using System.Diagnostics;
using Infra.Domain.Coverage;
using Infra.Geodata.Scale;

namespace Infra.Bench;

/// <summary>Where a full evaluation spends its time: index build and place pass, wall and CPU, per asset kind.</summary>
internal static class Profile
{
    public static void Run(ScaleSpec spec)
    {
        var input = ScaleData.Input(ScaleData.GenerateLogged(spec, Console.Out));
        _ = CoverageEngine.Evaluate(input, ScaleSpec.AsOf, CoverageOptions.Default);
        Part("stations", input with { AccessPoints = [], SwitchingNodes = [], Transmitters = [], FiberRoutes = [], Filings = [] });
        Part("access+fiber", input with { Stations = [], SwitchingNodes = [], Transmitters = [], Filings = [] });
        Part("nodes+transmitters", input with { Stations = [], AccessPoints = [], FiberRoutes = [], Filings = [] });
        Part("filings", input with { Stations = [], AccessPoints = [], SwitchingNodes = [], Transmitters = [], FiberRoutes = [] });
        var (clock, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var routes = new RouteIndex(input.FiberRoutes, r => r.Lifecycle.InServiceOn(ScaleSpec.AsOf), CoverageOptions.Default.FiberProximityM);
        Console.WriteLine($"route index alone: {clock.ElapsedMilliseconds} ms (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0})");
        (clock, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
        var near = input.AccessPoints.Count(a => !a.FiberConnected && routes.AnyWithin(a.Location.X, a.Location.Y));
        Console.WriteLine($"fiber near {near:N0} access points: {clock.ElapsedMilliseconds} ms (cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:F0})");
    }

    private static void Part(string name, CoverageInput input)
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            var (clock, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
            var index = new CoverageIndex(input, ScaleSpec.AsOf, CoverageOptions.Default);
            var (build, buildCpu) = (clock.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            var bases = new Pages<CoverageBasis>(index.Places.Count, CoverageRules.VillageServices.Count);
            (clock, cpu) = (Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);
            Parallel.For(0, (index.Places.Count + 2047) / 2048, block =>
            {
                for (var v = block * 2048; v < Math.Min(index.Places.Count, (block + 1) * 2048); v++)
                {
                    CoverageEngine.EvaluatePlace(index, v, bases.Of(v));
                }
            });
            Console.WriteLine($"{name,-20} index {build,6:F0} ms (cpu {buildCpu,5:F0}), places {clock.Elapsed.TotalMilliseconds,5:F0} ms " +
                $"(cpu {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds,5:F0}); slots: stations {index.Stations.Grid.SlotCount:N0}+{index.Stations.Wide.SlotCount:N0}, " +
                $"access {index.Access.Grid.SlotCount:N0}+{index.Access.Wide.SlotCount:N0}; load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        }
    }
}
