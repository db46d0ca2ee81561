using Infra.Geodata.Network;

namespace Infra.Geodata;

/// <summary>The whole Zhumadian demo data set: region, carriers, network and plan, from one seed.</summary>
public static class DemoGenerator
{
    public static DemoData Generate(int seed = RegionGenerator.DefaultSeed)
    {
        var region = RegionGenerator.Generate(Facts.Zhumadian, seed);
        var network = NetworkGenerator.Generate(region, seed);
        var data = new DemoData(Carriers.All, [Facts.ZhumadianCity], region.Counties, region.Townships, region.Villages, network.BaseStations, network.FiberRoutes,
            network.SwitchingNodes, network.AccessPoints, network.Transmitters, network.Filings, SeedPlan.Create(), "");
        return data with { Fingerprint = DemoFingerprint.Of(data) };
    }
}
