namespace Infra.Geodata.Network;

public static class NetworkGenerator
{
    /// <summary>The network on a generated region; the same region and seed always give the same network.</summary>
    public static DemoNetwork Generate(DemoRegion region, int seed) => new NetworkBuilder(region, seed).Build();
}
