using Infra.Domain.Regions;
using Infra.Geodata;

namespace Infra.Domain.Tests.Geodata;

public class PopulationTests
{
    [Fact]
    public void People_in_natural_villages_and_communities_add_up_to_the_plans_2005_population() =>
        Assert.Equal(RegionGenerator.CityPopulation2005,
            Demo.Region.Villages.Where(v => v.Kind != VillageKind.Administrative).Sum(v => (long)v.Population));

    [Fact]
    public void Counties_get_the_city_population_in_their_2011_shares_by_largest_remainder()
    {
        var shares = Demo.Facts.Select(f => f.Population2011Wan).ToList();
        var quotas = shares.Select(s => RegionGenerator.CityPopulation2005 * s / shares.Sum()).ToList();
        var expected = quotas.Select(q => (long)Math.Floor(q)).ToList();
        var rest = RegionGenerator.CityPopulation2005 - expected.Sum();
        foreach (var k in Enumerable.Range(0, quotas.Count).OrderByDescending(k => quotas[k] - Math.Floor(quotas[k])).Take((int)rest))
        {
            expected[k]++;
        }

        var actual = Demo.Facts.Select(f => Demo.Region.Villages
            .Where(v => v.CountyCode == f.Code && v.Kind != VillageKind.Administrative).Sum(v => (long)v.Population));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void The_district_is_about_half_urban_and_the_counties_one_tenth_to_one_fifth()
    {
        foreach (var f in Demo.Facts)
        {
            var people = Demo.Region.Villages.Where(v => v.CountyCode == f.Code && v.Kind != VillageKind.Administrative).ToList();
            var urban = (double)people.Where(v => v.Kind == VillageKind.Community).Sum(v => (long)v.Population) / people.Sum(v => (long)v.Population);
            Assert.InRange(urban, f.IsDistrict ? 0.40 : 0.10, f.IsDistrict ? 0.50 : 0.20);
        }
    }

    [Fact]
    public void An_administrative_village_holds_the_people_and_households_of_its_natural_villages()
    {
        var natural = Demo.Of(VillageKind.Natural).GroupBy(v => v.ParentCode!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.All(Demo.Of(VillageKind.Administrative), v =>
        {
            Assert.Equal(natural[v.Code].Sum(h => h.Population), v.Population);
            Assert.Equal(natural[v.Code].Sum(h => h.Households), v.Households);
        });
    }

    [Fact]
    public void Households_hold_3_3_to_3_9_people()
    {
        Assert.All(Demo.Region.Villages, v => Assert.InRange(v.Households, v.Population > 0 ? 1 : 0, v.Population));
        Assert.All(Demo.Region.Villages.Where(v => v.Population >= 30),
            v => Assert.InRange((double)v.Population / v.Households, 3.2, 4.0));
    }

    [Fact]
    public void Natural_villages_vary_in_size_as_real_ones_do()
    {
        foreach (var county in Demo.Facts)
        {
            var sizes = Demo.Of(VillageKind.Natural).Where(v => v.CountyCode == county.Code).Select(v => (double)v.Population).ToList();
            var mean = sizes.Average();
            var spread = Math.Sqrt(sizes.Average(s => (s - mean) * (s - mean))) / mean;
            Assert.InRange(spread, 0.3, 1.5);
            Assert.True(sizes.Min() >= 30, county.Code);
        }
    }
}
