using Infra.Domain.Geo;
using Infra.Geodata;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using NetTopologySuite.Operation.Linemerge;

namespace Infra.Domain.Tests.Geodata;

public class CityAndCountyTests
{
    private const double CityAreaKm2 = 15_094;

    [Fact]
    public void The_outline_is_one_valid_polygon_of_the_citys_area()
    {
        var outline = Demo.Region.CityOutline;

        Assert.True(outline.IsValid);
        Assert.Equal(Wgs84.Srid, outline.SRID);
        Assert.Equal(0, outline.NumInteriorRings);
        Assert.InRange(Geodesic.AreaKm2(outline), CityAreaKm2 * 0.99, CityAreaKm2 * 1.01);
    }

    [Fact]
    public void The_outline_fills_most_of_the_citys_extent_and_stays_inside_it()
    {
        var box = Facts.ZhumadianExtent;
        var envelope = Demo.Region.CityOutline.EnvelopeInternal;

        Assert.True(box.Contains(envelope), $"{envelope} is not inside {box}");
        Assert.True(envelope.Width > 0.85 * box.Width, $"{envelope.Width} of {box.Width}");
        Assert.True(envelope.Height > 0.85 * box.Height, $"{envelope.Height} of {box.Height}");
    }

    [Fact]
    public void The_outline_is_irregular_not_a_smooth_convex_blob()
    {
        var outline = Demo.Region.CityOutline;

        Assert.True(outline.NumPoints > 300, $"{outline.NumPoints} vertices");
        Assert.InRange(Geodesic.AreaKm2(outline) / Geodesic.AreaKm2(outline.ConvexHull()), 0.6, 0.95);
    }

    [Fact]
    public void Every_seat_lies_inside_the_outline_at_least_5_km_from_its_edge()
    {
        foreach (var county in Demo.Region.Counties)
        {
            Assert.True(Demo.Region.CityOutline.Contains(county.Seat), county.Code);
            Assert.True(KmToEdge(Demo.Region.CityOutline, county.Seat) >= 5, $"{county.Code}: {KmToEdge(Demo.Region.CityOutline, county.Seat):F1} km");
        }
    }

    [Fact]
    public void Counties_are_the_facts_counties_with_valid_boundaries_and_their_real_seats()
    {
        var counties = Demo.Region.Counties;

        Assert.Equal(Demo.Facts.Select(f => (f.Code, f.Name, f.NameEn)), counties.Select(c => (c.Code, c.Name, c.NameEn)));
        foreach (var (county, facts) in counties.Zip(Demo.Facts))
        {
            Assert.True(county.Boundary.IsValid, county.Code);
            Assert.Equal((facts.SeatLon, facts.SeatLat), (county.Seat.X, county.Seat.Y));
            Assert.True(county.Boundary.Contains(county.Seat), county.Code);
            Assert.True(KmToEdge(county.Boundary, county.Seat) >= 3, $"{county.Code} seat is on its border");
        }
    }

    [Fact]
    public void Each_county_is_within_3_percent_of_its_fact_area()
    {
        foreach (var (county, facts) in Demo.Region.Counties.Zip(Demo.Facts))
        {
            var area = Geodesic.AreaKm2(county.Boundary);
            Assert.True(Math.Abs((area / facts.AreaKm2) - 1) <= 0.03, $"{county.Code}: {area:F1} km² against {facts.AreaKm2} km²");
        }
    }

    [Fact]
    public void Counties_share_their_borders_exactly_and_make_up_the_city()
    {
        var boundaries = Demo.Region.Counties.Select(c => (Geometry)c.Boundary).ToArray();

        Assert.True(CoverageValidator.IsValid(boundaries), "counties overlap or their shared borders differ");
        var union = CoverageUnion.Union(boundaries);
        Assert.InRange(Geodesic.AreaKm2(union), CityAreaKm2 * 0.95, CityAreaKm2 * 1.05);
        Assert.Equal(Geodesic.AreaKm2(Demo.Region.CityOutline), boundaries.Sum(Geodesic.AreaKm2), 0.01);
        Assert.True(union.EqualsTopologically(Demo.Region.CityOutline));
    }

    [Fact]
    public void No_two_counties_overlap_by_more_than_a_tenth_of_a_km2()
    {
        var counties = Demo.Region.Counties;
        for (var i = 0; i < counties.Count; i++)
        {
            for (var j = i + 1; j < counties.Count; j++)
            {
                var overlap = counties[i].Boundary.Intersection(counties[j].Boundary);
                var km2 = overlap is IPolygonal && !overlap.IsEmpty ? Geodesic.AreaKm2(overlap) : 0;
                Assert.True(km2 <= 0.1, $"{counties[i].Code} and {counties[j].Code} overlap by {km2} km²");
            }
        }
    }

    [Fact]
    public void Borders_wiggle_like_real_ones_instead_of_running_straight()
    {
        var sinuosities = new List<double>();
        var counties = Demo.Region.Counties;
        for (var i = 0; i < counties.Count; i++)
        {
            for (var j = i + 1; j < counties.Count; j++)
            {
                var merger = new LineMerger();
                merger.Add(counties[i].Boundary.Boundary.Intersection(counties[j].Boundary.Boundary));
                foreach (var border in merger.GetMergedLineStrings().Cast<LineString>().Where(b => Geodesic.LengthM(b) > 10_000))
                {
                    var straight = Geodesic.DistanceM(border.StartPoint.Coordinate, border.EndPoint.Coordinate);
                    sinuosities.Add(Geodesic.LengthM(border) / straight);
                }
            }
        }

        Assert.True(sinuosities.Count >= 12, $"only {sinuosities.Count} county borders longer than 10 km");
        Assert.All(sinuosities, s => Assert.True(s >= 1.05, $"a border is nearly straight (sinuosity {s:F3})"));
        Assert.True(sinuosities.Average() >= 1.12, $"mean sinuosity {sinuosities.Average():F3}");
    }

    private static double KmToEdge(Geometry area, Point point)
    {
        var nearest = DistanceOp.NearestPoints(area.Boundary, point);
        return Geodesic.DistanceM(nearest[0], nearest[1]) / 1000;
    }
}
