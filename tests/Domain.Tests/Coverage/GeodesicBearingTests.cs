using Infra.Domain.Geo;
using NetTopologySuite.Geometries;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

public class GeodesicBearingTests
{
    [Fact]
    public void Vincenty_s_own_example_flinders_peak_to_buninyong()
    {
        // Vincenty (1975), Survey Review 23(176), as worked by Geoscience Australia: 54,972.271 m at 306°52′05.37″.
        double lat1 = -(37 + (57 / 60.0) + (3.72030 / 3600)), lon1 = 144 + (25 / 60.0) + (29.52440 / 3600);
        double lat2 = -(37 + (39 / 60.0) + (10.15610 / 3600)), lon2 = 143 + (55 / 60.0) + (35.38390 / 3600);

        var (distance, bearing) = Geodesic.Inverse(lon1, lat1, lon2, lat2);

        Assert.Equal(54_972.271, distance, 0.001);
        Assert.Equal(306 + (52 / 60.0) + (5.37 / 3600), bearing, 0.00001);
        Assert.Equal(Geodesic.DistanceM(lon1, lat1, lon2, lat2), distance);
    }

    [Theory]
    [InlineData(114, 33.1, 0, 0)]
    [InlineData(114, 32.9, 180, 180)]
    [InlineData(114.1, 33, 89.95, 90)]     // due east on the map: the geodesic leaves a little north of east
    [InlineData(113.9, 33, 270, 270.05)]
    [InlineData(113.99, 33.1, 355, 356)]
    public void Bearings_are_clockwise_from_north_in_0_to_360(double lon, double lat, double low, double high) =>
        Assert.InRange(Geodesic.InitialBearingDeg(114, 33, lon, lat), low, high);

    [Fact]
    public void Coincident_points_have_distance_and_bearing_zero() =>
        Assert.Equal((0.0, 0.0), Geodesic.Inverse(114, 33, 114, 33));

    [Fact]
    public void Distance_to_a_line_is_to_its_nearest_point_not_its_vertices()
    {
        var meridian = Wkt<LineString>("LINESTRING (114.01 32.9, 114.01 33.1)");

        Assert.Equal(Geodesic.DistanceM(114, 33, 114.01, 33), Geodesic.DistanceToLineM(114, 33, meridian), 0.001);
    }

    [Fact]
    public void Distance_to_a_line_beyond_its_end_is_to_the_end()
    {
        var line = Wkt<LineString>("LINESTRING (114.01 33.01, 114.02 33.02, 114.05 33.02)");

        Assert.Equal(Geodesic.DistanceM(114, 33, 114.01, 33.01), Geodesic.DistanceToLineM(114, 33, line), 0.001);
    }

    [Fact]
    public void A_route_crossing_the_point_is_at_distance_zero() =>
        Assert.Equal(0, Geodesic.DistanceToLineM(114, 33, Wkt<LineString>("LINESTRING (113.9 33, 114.1 33)")), 0.001);

    /// <summary>
    /// The coverage engine settles most pairs on the mean sphere and leaves to Vincenty only those within 1 %
    /// (+1 m) of a radius, or within 1° of a sector edge. That is sound only if the sphere's distances stay
    /// within R/M(equator) = 1.0057 and 1/1.0045 of the geodesic ones and its bearings within a fraction of a
    /// degree up to 200 km; measured here over the latitudes people live at.
    /// </summary>
    [Fact]
    public void The_sphere_stays_within_the_bounds_the_engine_relies_on()
    {
        const double r = 6_371_008.8;
        var random = new Random(20060101);
        double minRatio = 2, maxRatio = 0, maxBearing = 0;
        for (var i = 0; i < 20_000; i++)
        {
            double lon1 = (random.NextDouble() * 360) - 180, lat1 = (random.NextDouble() * 140) - 70;
            double lon2 = lon1 + ((random.NextDouble() - 0.5) * 4), lat2 = Math.Clamp(lat1 + ((random.NextDouble() - 0.5) * 3.6), -89, 89);
            var (d, bearing) = Geodesic.Inverse(lon1, lat1, lon2, lat2);
            if (d is < 1 or > 200_000)
            {
                continue;
            }

            double p1 = double.DegreesToRadians(lat1), p2 = double.DegreesToRadians(lat2), dl = double.DegreesToRadians(lon2 - lon1);
            var h = Math.Pow(Math.Sin((p2 - p1) / 2), 2) + (Math.Cos(p1) * Math.Cos(p2) * Math.Pow(Math.Sin(dl / 2), 2));
            var sphere = 2 * r * Math.Asin(Math.Sqrt(h));
            var sphereBearing = double.RadiansToDegrees(Math.Atan2(Math.Sin(dl) * Math.Cos(p2),
                (Math.Cos(p1) * Math.Sin(p2)) - (Math.Sin(p1) * Math.Cos(p2) * Math.Cos(dl))));
            var offset = Math.Abs(((sphereBearing - bearing + 540) % 360) - 180);
            (minRatio, maxRatio, maxBearing) = (Math.Min(minRatio, sphere / d), Math.Max(maxRatio, sphere / d), Math.Max(maxBearing, offset));
        }

        Assert.InRange(minRatio, 1 / 1.0045, 1);
        Assert.InRange(maxRatio, 1, 1.0057);
        Assert.InRange(maxBearing, 0, 0.25);
    }
}
