using Infra.Domain.Geo;

namespace Infra.Domain.Tests;

public class Gcj02Tests
{
    [Fact]
    public void A_published_gcj02_point_lands_within_5_m_of_its_wgs84_position()
    {
        // The reference vector of wandergis/coordtransform (test/app.js): WGS 84 (116.404, 39.915) ↔ GCJ-02 (116.41024449916938, 39.91640428150164).
        var (lon, lat) = Gcj02.ToWgs84(116.41024449916938, 39.91640428150164);
        Assert.True(Geodesic.DistanceM(lon, lat, 116.404, 39.915) < 5, $"{lon}, {lat}");
        var (glon, glat) = Gcj02.FromWgs84(116.404, 39.915);
        Assert.Equal(116.41024449916938, glon, 9);
        Assert.Equal(39.91640428150164, glat, 9);
    }

    [Theory]
    [InlineData(114.0233, 32.9794)]
    [InlineData(113.3198, 32.7271)]
    [InlineData(114.9699, 32.7521)]
    public void Around_zhumadian_the_offset_is_about_600_m_and_the_inverse_undoes_it(double lon, double lat)
    {
        var (glon, glat) = Gcj02.FromWgs84(lon, lat);
        Assert.InRange(Geodesic.DistanceM(lon, lat, glon, glat), 500, 650);
        var (back, backLat) = Gcj02.ToWgs84(glon, glat);
        Assert.True(Geodesic.DistanceM(lon, lat, back, backLat) < 0.01);
    }

    [Fact]
    public void Outside_china_nothing_moves() => Assert.Equal((2.35, 48.85), Gcj02.ToWgs84(2.35, 48.85));
}
