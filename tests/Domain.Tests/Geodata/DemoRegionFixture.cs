using Infra.Domain.Regions;
using Infra.Geodata;

namespace Infra.Domain.Tests.Geodata;

/// <summary>The default demo region, generated once for every test class that reads it.</summary>
internal static class Demo
{
    private static readonly Lazy<DemoRegion> Generated = new(() => RegionGenerator.Generate(global::Infra.Geodata.Facts.Zhumadian));

    public static DemoRegion Region => Generated.Value;

    public static IReadOnlyList<CountyFacts> Facts => global::Infra.Geodata.Facts.Zhumadian;

    public static CountyFacts FactsOf(string countyCode) => Facts.Single(f => f.Code == countyCode);

    public static IEnumerable<Township> TownshipsOf(string countyCode) => Region.Townships.Where(t => t.CountyCode == countyCode);

    public static IEnumerable<Village> Of(VillageKind kind) => Region.Villages.Where(v => v.Kind == kind);

    public static Township TownshipOf(Village village) => Region.Townships.Single(t => t.Code == village.TownshipCode);
}
