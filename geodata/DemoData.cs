using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Geodata;

/// <summary>Everything the Zhumadian demo data set holds, as domain objects (validated by their constructors).</summary>
public sealed record DemoData(
    IReadOnlyList<Carrier> Carriers,
    IReadOnlyList<City> Cities,
    IReadOnlyList<County> Counties,
    IReadOnlyList<Township> Townships,
    IReadOnlyList<Village> Villages,
    IReadOnlyList<BaseStation> BaseStations,
    IReadOnlyList<FiberRoute> FiberRoutes,
    IReadOnlyList<SwitchingNode> SwitchingNodes,
    IReadOnlyList<AccessPoint> AccessPoints,
    IReadOnlyList<BroadcastTransmitter> Transmitters,
    IReadOnlyList<ServiceFiling> Filings,
    Plan Plan,
    string Fingerprint)
{
    public const string Name = "驻马店 Zhumadian demo data (generated)";

    /// <summary>The data set as the coverage engine takes it.</summary>
    public CoverageInput ToCoverageInput() => new()
    {
        Villages = Villages,
        Townships = Townships,
        Stations = BaseStations,
        AccessPoints = AccessPoints,
        SwitchingNodes = SwitchingNodes,
        Transmitters = Transmitters,
        FiberRoutes = FiberRoutes,
        Filings = Filings,
        CarrierCodes = Carriers.ToDictionary(c => c.Id, c => c.Code),
    };

    public const string Notice =
        "Generated demo data: boundaries, names, places and assets are synthetic, made deterministically from " +
        "public county-level facts (geodata/SOURCES.md). They are not real boundaries, villages or networks.";
}
