using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Tests.Geodata;

public class TownshipTests
{
    [Fact]
    public void Each_county_has_the_facts_number_of_each_kind()
    {
        Assert.Equal(203, Demo.Region.Townships.Count);
        foreach (var f in Demo.Facts)
        {
            var kinds = Demo.TownshipsOf(f.Code).GroupBy(t => t.Kind).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(
                (f.Subdistricts, f.Towns, f.TownshipsXiang, f.Other),
                (kinds.GetValueOrDefault(TownshipKind.Subdistrict), kinds.GetValueOrDefault(TownshipKind.Town),
                    kinds.GetValueOrDefault(TownshipKind.Township), kinds.GetValueOrDefault(TownshipKind.Other)));
        }
    }

    [Fact]
    public void Codes_follow_the_statistical_convention_by_kind()
    {
        Assert.Equal(Demo.Region.Townships.Count, Demo.Region.Townships.Select(t => t.Code).Distinct().Count());
        foreach (var t in Demo.Region.Townships)
        {
            Assert.True(RegionCodes.IsTownship(t.Code) && t.Code.StartsWith(t.CountyCode, StringComparison.Ordinal), t.Code);
            var serial = int.Parse(t.Code[6..], System.Globalization.CultureInfo.InvariantCulture);
            var (low, high) = t.Kind switch
            {
                TownshipKind.Subdistrict => (1, 99),
                TownshipKind.Town => (100, 199),
                TownshipKind.Township => (200, 399),
                _ => (400, 499),
            };
            Assert.InRange(serial, low, high);
        }
    }

    [Fact]
    public void Names_are_two_characters_and_the_kinds_suffix_unique_within_the_county()
    {
        foreach (var t in Demo.Region.Townships)
        {
            var suffix = t.Kind switch
            {
                TownshipKind.Subdistrict => "街道",
                TownshipKind.Town => "镇",
                TownshipKind.Township => "乡",
                _ => "(农场|林场|管理区)",
            };
            Assert.Matches($"^\\p{{IsCJKUnifiedIdeographs}}{{2}}{suffix}$", t.Name);
        }

        Assert.All(Demo.Region.Townships.GroupBy(t => t.CountyCode),
            county => Assert.Equal(county.Count(), county.Select(t => t.Name).Distinct().Count()));
    }

    [Fact]
    public void Townships_partition_their_county_exactly()
    {
        foreach (var county in Demo.Region.Counties)
        {
            var townships = Demo.TownshipsOf(county.Code).ToList();
            Assert.All(townships, t => Assert.True(t.Boundary.IsValid, t.Code));
            Assert.True(CoverageValidator.IsValid([.. townships.Select(t => (Geometry)t.Boundary)]), $"townships of {county.Code} overlap");
            Assert.All(townships, t => Assert.True(county.Boundary.Covers(t.Boundary), $"{t.Code} leaves its county"));
            Assert.Equal(Geodesic.AreaKm2(county.Boundary), townships.Sum(t => Geodesic.AreaKm2(t.Boundary)), 0.01);
        }
    }

    [Fact]
    public void Each_seat_lies_inside_its_township_and_the_county_seat_in_a_subdistrict()
    {
        Assert.All(Demo.Region.Townships, t => Assert.True(t.Boundary.Contains(t.Seat), t.Code));
        foreach (var county in Demo.Region.Counties)
        {
            var holder = Demo.TownshipsOf(county.Code).Single(t => t.Boundary.Contains(county.Seat));
            Assert.Equal(TownshipKind.Subdistrict, holder.Kind);
            Assert.True(holder.Seat.EqualsExact(county.Seat), holder.Code);
        }
    }

    [Fact]
    public void Subdistricts_are_small_and_cluster_round_the_county_seat()
    {
        foreach (var county in Demo.Region.Counties)
        {
            var townships = Demo.TownshipsOf(county.Code).ToList();
            var urban = townships.Where(t => t.Kind == TownshipKind.Subdistrict).ToList();
            var rural = townships.Where(t => t.Kind != TownshipKind.Subdistrict).ToList();
            double Km(Township t) => Geodesic.DistanceM(t.Seat.Coordinate, county.Seat.Coordinate) / 1000;

            Assert.True(urban.Max(t => Geodesic.AreaKm2(t.Boundary)) < Median(rural.Select(t => Geodesic.AreaKm2(t.Boundary))), county.Code);
            Assert.All(urban, t => Assert.True(Km(t) < 15, $"{t.Code} is {Km(t):F1} km from the county seat"));
            Assert.True(rural.Average(Km) > 2 * urban.Average(Km), county.Code);
            Assert.True(UnionIsOnePiece(urban), $"the 街道 of {county.Code} are not one cluster");
        }
    }

    private static bool UnionIsOnePiece(List<Township> townships) =>
        CoverageUnion.Union([.. townships.Select(t => (Geometry)t.Boundary)]).NumGeometries == 1;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
