using Infra.Domain.Coverage;
using Infra.Domain.Geo;

namespace Infra.Domain.Tests.Coverage;

/// <summary>
/// The engine settles a pair without Vincenty only where these bounds say so; if they were wrong it would
/// silently disagree with the exact rule. Checked here against Vincenty itself on pairs from the equator to 70°.
/// </summary>
public class EllipsoidBoundsTests
{
    private static IEnumerable<(double Lon1, double Lat1, double Lon2, double Lat2)> Pairs(int seed, double maxKm)
    {
        var random = new Random(seed);
        for (var i = 0; i < 20_000; i++)
        {
            var lat = random.NextDouble() * 70 * (random.Next(2) == 0 ? 1 : -1);
            var lon = (random.NextDouble() * 360) - 180;
            var km = maxKm * Math.Pow(random.NextDouble(), 2);
            var bearing = random.NextDouble() * 2 * Math.PI;
            var dLat = km / 111.0 * Math.Cos(bearing);
            var dLon = km / (111.0 * Math.Cos(lat * Math.PI / 180)) * Math.Sin(bearing);
            yield return (lon, lat, Math.Clamp(lon + dLon, -180, 180), Math.Clamp(lat + dLat, -89, 89));
        }
    }

    [Fact]
    public void The_chord_brackets_vincenty_s_distance()
    {
        foreach (var (lon1, lat1, lon2, lat2) in Pairs(1, 200))
        {
            var d = Geodesic.DistanceM(lon1, lat1, lon2, lat2);
            var chord2 = Ellipsoid.Ecef(lon1, lat1).Minus(Ellipsoid.Ecef(lon2, lat2)) is var v ? v.Dot(v) : 0;

            // Anything with a radius below the distance must call the pair "certainly outside" or leave it undecided…
            Assert.False(chord2 <= Ellipsoid.Inner2(d * (1 - 1e-9)) && d > 1, $"inner bound wrong at {d} m");
            // …and a radius above it must never call the pair "certainly outside".
            Assert.False(chord2 > Ellipsoid.Outer2(d), $"outer bound wrong at {d} m");
        }
    }

    [Fact]
    public void The_bracket_is_narrow_so_that_vincenty_is_rarely_needed()
    {
        // At 5 km the undecided band is a centimetre or two wide, against ±50 m for the old ±1 % sphere bounds.
        var outer = Math.Sqrt(Ellipsoid.Outer2(5_000));
        var inner = Math.Sqrt(Ellipsoid.Inner2(5_000));
        Assert.InRange(outer - inner, 0.0, 0.025);
    }

    [Fact]
    public void The_chord_azimuth_is_within_the_slack_of_vincenty_s_up_to_200_km()
    {
        var worst = 0.0;
        foreach (var (lon1, lat1, lon2, lat2) in Pairs(2, Ellipsoid.BearingBoundMaxM / 1000))
        {
            var (d, azimuth) = Geodesic.Inverse(lon1, lat1, lon2, lat2);
            if (d < 1)
            {
                continue;
            }

            var (east, north) = Ellipsoid.Tangent(lon1, lat1);
            var chord = Ellipsoid.ChordAzimuthDeg(east, north, Ellipsoid.Ecef(lon2, lat2).Minus(Ellipsoid.Ecef(lon1, lat1)));
            var gap = Math.Abs(chord - azimuth);
            worst = Math.Max(worst, Math.Min(gap, 360 - gap));
        }

        Assert.True(worst < Ellipsoid.BearingSlackDeg / 10, $"largest gap {worst:E2}° leaves less than 10× room");
    }
}
