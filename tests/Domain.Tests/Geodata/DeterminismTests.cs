using Infra.Domain.Regions;
using Infra.Geodata;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Tests.Geodata;

public class DeterminismTests
{
    [Fact]
    public void The_same_seed_gives_the_same_region()
    {
        var again = RegionGenerator.Generate(Facts.Zhumadian);

        Assert.Equal(RegionGenerator.Fingerprint(Demo.Region), RegionGenerator.Fingerprint(again));
        Assert.Matches("^[0-9a-f]{64}$", RegionGenerator.Fingerprint(again));
    }

    [Fact]
    public void Another_seed_gives_another_region_that_still_meets_the_facts()
    {
        var other = RegionGenerator.Generate(Facts.Zhumadian, 7);

        Assert.NotEqual(RegionGenerator.Fingerprint(Demo.Region), RegionGenerator.Fingerprint(other));
        Assert.Equal(203, other.Townships.Count);
        Assert.Equal(2413, other.Villages.Count(v => v.Kind == VillageKind.Administrative));
        Assert.Equal(RegionGenerator.CityPopulation2005, other.Villages.Where(v => v.Kind != VillageKind.Administrative).Sum(v => (long)v.Population));
    }

    [Fact]
    public void The_fingerprint_sees_a_change_of_one_number()
    {
        var region = Demo.Region;
        var changed = region with { Villages = [.. region.Villages.Select((v, k) => k == 0 ? Reborn(v, v.Population + 1) : v)] };

        Assert.NotEqual(RegionGenerator.Fingerprint(region), RegionGenerator.Fingerprint(changed));
    }

    [Fact]
    public void Every_coordinate_is_on_the_micro_degree_grid()
    {
        var geometries = new List<Geometry> { Demo.Region.CityOutline };
        geometries.AddRange(Demo.Region.Counties.SelectMany(c => new Geometry[] { c.Boundary, c.Seat }));
        geometries.AddRange(Demo.Region.Townships.SelectMany(t => new Geometry[] { t.Boundary, t.Seat }));
        geometries.AddRange(Demo.Region.Villages.Select(v => v.Location));

        foreach (var c in geometries.SelectMany(g => g.Coordinates))
        {
            Assert.Equal(Math.Round(c.X, 6), c.X);
            Assert.Equal(Math.Round(c.Y, 6), c.Y);
        }
    }

    private static Village Reborn(Village v, int population) =>
        new(v.Code, v.Kind, v.Name, v.TownshipCode, v.ParentCode, v.Location, population, v.Households);
}
