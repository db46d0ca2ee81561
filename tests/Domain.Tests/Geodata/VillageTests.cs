using System.Globalization;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries.Prepared;

namespace Infra.Domain.Tests.Geodata;

public class VillageTests
{
    private const string Landmarks = "庄楼营寨湾岗店集桥庙屯园口沟铺坡台湖洼";

    private static readonly Dictionary<string, Township> TownshipByCode = Demo.Region.Townships.ToDictionary(t => t.Code);

    [Fact]
    public void Each_county_has_the_facts_number_of_administrative_villages_and_communities()
    {
        Assert.Equal(2413, Demo.Of(VillageKind.Administrative).Count());
        Assert.Equal(458, Demo.Of(VillageKind.Community).Count());
        foreach (var f in Demo.Facts)
        {
            Assert.Equal(f.AdminVillages, Demo.Of(VillageKind.Administrative).Count(v => v.CountyCode == f.Code));
            Assert.Equal(f.ResidentsCommittees, Demo.Of(VillageKind.Community).Count(v => v.CountyCode == f.Code));
        }
    }

    [Fact]
    public void Codes_are_unique_and_follow_the_statistical_convention()
    {
        Assert.Equal(Demo.Region.Villages.Count, Demo.Region.Villages.Select(v => v.Code).Distinct(StringComparer.Ordinal).Count());
        foreach (var v in Demo.Region.Villages)
        {
            var serial = int.Parse(v.Code[^3..], CultureInfo.InvariantCulture);
            switch (v.Kind)
            {
                case VillageKind.Administrative:
                    Assert.True(RegionCodes.IsAdministrativeVillage(v.Code) && v.Code[..9] == v.TownshipCode, v.Code);
                    Assert.InRange(serial, 200, 499);
                    break;
                case VillageKind.Community:
                    Assert.True(RegionCodes.IsAdministrativeVillage(v.Code) && v.Code[..9] == v.TownshipCode, v.Code);
                    Assert.InRange(serial, 1, 199);
                    break;
                default:
                    Assert.True(RegionCodes.IsNaturalVillage(v.Code) && v.Code[..12] == v.ParentCode, v.Code);
                    Assert.InRange(serial, 1, 9);
                    break;
            }
        }
    }

    [Fact]
    public void Every_place_lies_inside_its_township()
    {
        var prepared = Demo.Region.Townships.ToDictionary(t => t.Code, t => PreparedGeometryFactory.Prepare(t.Boundary));
        Assert.All(Demo.Region.Villages, v => Assert.True(prepared[v.TownshipCode].Contains(v.Location), v.Code));
    }

    [Fact]
    public void Villages_follow_farmland_yet_fringe_subdistricts_keep_a_few()
    {
        var admin = Demo.Of(VillageKind.Administrative).ToList();
        var inSubdistricts = admin.Count(v => TownshipByCode[v.TownshipCode].Kind == TownshipKind.Subdistrict);
        Assert.True(inSubdistricts < admin.Count / 10, $"{inSubdistricts} of {admin.Count} villages in 街道");
        Assert.Contains(admin, v => v.CountyCode == "411702" && TownshipByCode[v.TownshipCode].Kind == TownshipKind.Subdistrict);
        Assert.All(Demo.Region.Townships.Where(t => t.IsRural), t => Assert.Contains(admin, v => v.TownshipCode == t.Code));

        // Villages per km² of 镇 and 乡 are alike across a county: they are shared out by area.
        foreach (var county in Demo.Region.Counties)
        {
            var densities = Demo.TownshipsOf(county.Code).Where(t => t.IsRural)
                .Select(t => admin.Count(v => v.TownshipCode == t.Code) / Geodesic.AreaKm2(t.Boundary)).ToList();
            Assert.True(densities.Max() < 3 * densities.Min(), county.Code);
        }
    }

    [Fact]
    public void Administrative_villages_keep_their_distance_from_each_other()
    {
        var ratios = new List<double>();
        foreach (var group in Demo.Of(VillageKind.Administrative).GroupBy(v => v.TownshipCode).Where(g => g.Count() > 1))
        {
            var villages = group.ToList();
            var spacingKm = Math.Sqrt(Geodesic.AreaKm2(TownshipByCode[group.Key].Boundary) / villages.Count);
            foreach (var v in villages)
            {
                var nearestKm = villages.Where(o => o != v).Min(o => Geodesic.DistanceM(o.Location.Coordinate, v.Location.Coordinate)) / 1000;
                Assert.True(nearestKm >= 0.5, $"{v.Code} is {nearestKm:F2} km from its nearest neighbour");
                ratios.Add(nearestKm / spacingKm);
            }
        }

        // Uniform random points average about half the spacing to their nearest neighbour; blue noise more.
        Assert.True(ratios.Average() >= 0.6, $"mean nearest neighbour {ratios.Average():F2} of the even spacing");
    }

    [Fact]
    public void Village_names_are_a_family_and_a_landmark_unique_in_the_township()
    {
        foreach (var group in Demo.Of(VillageKind.Administrative).GroupBy(v => v.TownshipCode))
        {
            Assert.Equal(group.Count(), group.Select(v => v.Name).Distinct().Count());
            Assert.All(group, v => Assert.Matches($"^\\p{{IsCJKUnifiedIdeographs}}{{1,2}}[{Landmarks}]村$", v.Name));
        }
    }

    [Fact]
    public void Each_administrative_village_has_three_to_nine_natural_villages_nearby()
    {
        var children = Demo.Of(VillageKind.Natural).GroupBy(v => v.ParentCode!).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(Demo.Of(VillageKind.Administrative).Count(), children.Count);
        foreach (var village in Demo.Of(VillageKind.Administrative))
        {
            var hamlets = children[village.Code];
            Assert.InRange(hamlets.Count, 3, 9);
            Assert.Equal(Enumerable.Range(1, hamlets.Count).Select(k => village.Code + k.ToString("000", CultureInfo.InvariantCulture)),
                hamlets.Select(h => h.Code).Order(StringComparer.Ordinal));
            Assert.Equal(village.Name[..^1], hamlets.Single(h => h.Code.EndsWith("001", StringComparison.Ordinal)).Name);
            Assert.Equal(hamlets.Count, hamlets.Select(h => h.Name).Distinct().Count());
            foreach (var h in hamlets)
            {
                Assert.Equal(village.TownshipCode, h.TownshipCode);
                Assert.Matches("^\\p{IsCJKUnifiedIdeographs}{2,4}$", h.Name);
                Assert.InRange(Geodesic.DistanceM(h.Location.Coordinate, village.Location.Coordinate), 400, 2500);
            }
        }
    }

    [Fact]
    public void Communities_sit_mostly_in_the_subdistricts_round_the_seat_and_a_few_in_town_seats()
    {
        foreach (var county in Demo.Region.Counties)
        {
            var communities = Demo.Of(VillageKind.Community).Where(v => v.CountyCode == county.Code).ToList();
            var urban = communities.Where(v => TownshipByCode[v.TownshipCode].Kind == TownshipKind.Subdistrict).ToList();
            var inTowns = communities.Except(urban).ToList();

            Assert.True(urban.Count >= 0.8 * communities.Count, county.Code);
            Assert.All(urban, v => Assert.True(Geodesic.DistanceM(v.Location.Coordinate, county.Seat.Coordinate) < 20_000, v.Code));
            Assert.All(inTowns, v => Assert.Equal(TownshipKind.Town, TownshipByCode[v.TownshipCode].Kind));
            Assert.All(inTowns.GroupBy(v => v.TownshipCode), g => Assert.Single(g));
            Assert.All(inTowns, v => Assert.True(
                Geodesic.DistanceM(v.Location.Coordinate, TownshipByCode[v.TownshipCode].Seat.Coordinate) <= 1000, v.Code));
            Assert.Equal(communities.Count, communities.Select(v => v.Name).Distinct().Count());
            Assert.All(communities, v => Assert.Matches("^\\p{IsCJKUnifiedIdeographs}{2}社区$", v.Name));
            Assert.All(communities, v => Assert.Null(v.ParentCode));
        }
    }
}
