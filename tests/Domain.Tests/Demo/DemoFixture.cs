using Infra.Domain.Coverage;
using Infra.Geodata;

namespace Infra.Domain.Tests.Demo;

/// <summary>The demo data set, generated once for the tests that read it.</summary>
public sealed class DemoFixture
{
    public DemoData Data { get; } = DemoGenerator.Generate();

    public CoverageResult CoverageOn(DateOnly asOf) => CoverageEngine.Evaluate(new CoverageInput
    {
        Villages = Data.Villages,
        Townships = Data.Townships,
        Stations = Data.BaseStations,
        AccessPoints = Data.AccessPoints,
        SwitchingNodes = Data.SwitchingNodes,
        Transmitters = Data.Transmitters,
        FiberRoutes = Data.FiberRoutes,
        Filings = Data.Filings,
        CarrierCodes = Data.Carriers.ToDictionary(c => c.Id, c => c.Code),
    }, asOf, CoverageOptions.Default);
}
