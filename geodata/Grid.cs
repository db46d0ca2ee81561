using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>
/// A regular lon/lat raster over the city's extent. Cell (i, j) spans longitudes
/// <c>MinLon + i·Step … + Step</c> and latitudes <c>MinLat + j·Step … + Step</c>; index <c>j·Width + i</c>.
/// Distances use a local equirectangular plane in km, good to about 1 % over a prefecture.
/// </summary>
internal sealed class Grid
{
    /// <summary>Authalic radius of WGS 84 in km: the sphere <see cref="Infra.Domain.Geo.Geodesic.AreaKm2"/> measures on.</summary>
    private const double AuthalicRadiusKm = 6371.0072;

    private const double KmPerDegreeLat = 110.95;

    private readonly double[] _rowAreaKm2;

    public Grid(Envelope extent, double stepDeg)
    {
        Step = stepDeg;
        MinLon = extent.MinX;
        MinLat = extent.MinY;
        Width = (int)Math.Ceiling((extent.MaxX - extent.MinX) / stepDeg - 1e-9);
        Height = (int)Math.Ceiling((extent.MaxY - extent.MinY) / stepDeg - 1e-9);
        var centreLat = (extent.MinY + extent.MaxY) / 2;
        KmPerDegreeLon = 111.32 * Math.Cos(centreLat * Math.PI / 180);
        CentreLon = (extent.MinX + extent.MaxX) / 2;
        CentreLat = centreLat;
        _rowAreaKm2 = new double[Height];
        var dLambda = stepDeg * Math.PI / 180;
        for (var j = 0; j < Height; j++)
        {
            double lat1 = CornerLat(j) * Math.PI / 180, lat2 = CornerLat(j + 1) * Math.PI / 180;
            _rowAreaKm2[j] = AuthalicRadiusKm * AuthalicRadiusKm * dLambda * (Math.Sin(lat2) - Math.Sin(lat1));
        }
    }

    public double Step { get; }

    public double MinLon { get; }

    public double MinLat { get; }

    public int Width { get; }

    public int Height { get; }

    public int Count => Width * Height;

    public double CentreLon { get; }

    public double CentreLat { get; }

    public double KmPerDegreeLon { get; }

    public static double KmPerDegreeLatitude => KmPerDegreeLat;

    public double CellWidthKm => Step * KmPerDegreeLon;

    public double CellHeightKm => Step * KmPerDegreeLat;

    /// <summary>Corner longitude of column i, rounded to 1e-6° so every shared vertex is bit-identical.</summary>
    public double CornerLon(int i) => Math.Round(MinLon + (i * Step), 6);

    public double CornerLat(int j) => Math.Round(MinLat + (j * Step), 6);

    public double CentreLonOf(int cell) => MinLon + ((cell % Width) + 0.5) * Step;

    public double CentreLatOf(int cell) => MinLat + ((cell / Width) + 0.5) * Step;

    public double AreaKm2(int cell) => _rowAreaKm2[cell / Width];

    public double Xkm(double lon) => (lon - CentreLon) * KmPerDegreeLon;

    public double Ykm(double lat) => (lat - CentreLat) * KmPerDegreeLat;

    public double CellXkm(int cell) => Xkm(CentreLonOf(cell));

    public double CellYkm(int cell) => Ykm(CentreLatOf(cell));

    public int CellAt(double lon, double lat)
    {
        var cell = CellAtOrNone(lon, lat);
        return cell >= 0 ? cell : throw new ArgumentOutOfRangeException(nameof(lon), $"{lon} {lat} is outside the grid.");
    }

    /// <summary>The cell holding a position, or -1 off the grid.</summary>
    public int CellAtOrNone(double lon, double lat)
    {
        var i = (int)Math.Floor((lon - MinLon) / Step);
        var j = (int)Math.Floor((lat - MinLat) / Step);
        return i < 0 || j < 0 || i >= Width || j >= Height ? -1 : (j * Width) + i;
    }

    public double DistanceKm(int a, int b)
    {
        double dx = CellXkm(a) - CellXkm(b), dy = CellYkm(a) - CellYkm(b);
        return Math.Sqrt((dx * dx) + (dy * dy));
    }
}
