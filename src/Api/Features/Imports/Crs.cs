using System.Globalization;
using Infra.Domain;
using Infra.Domain.Geo;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace Infra.Api.Features.Imports;

/// <summary>
/// The coordinate system a file is in, and how to bring it to WGS 84 lon/lat. Never a guess: a file is
/// reprojected from what it or the user declares, or refused. GCJ-02 (Chinese web maps) is converted by
/// <see cref="Gcj02"/>; projected systems by ProjNET (EPSG codes Infra knows, or a shapefile's .prj).
/// </summary>
public sealed class Crs
{
    private readonly Func<double, double, (double, double)>? _toWgs84;

    private Crs(string name, Func<double, double, (double, double)>? toWgs84) => (Name, _toWgs84) = (name, toWgs84);

    public string Name { get; }

    public bool IsWgs84 => _toWgs84 is null;

    public static Crs Wgs84 { get; } = new("EPSG:4326", null);

    public static Crs Gcj02Datum { get; } = new("gcj02", Gcj02.ToWgs84);

    public const string Known = "EPSG:4326 (WGS 84, the default), gcj02 (Chinese web maps), EPSG:4490 (CGCS2000), EPSG:3857 (web Mercator), " +
        "EPSG:32601–32660 / 32701–32760 (WGS 84 / UTM), EPSG:4534–4554 (CGCS2000 / 3-degree Gauss–Krüger CM 75°E–135°E)";

    /// <summary>Parses <c>--crs</c>; throws a DomainException on <c>crs</c> for a code Infra cannot reproject.</summary>
    public static Crs Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0 || t.Equals("EPSG:4326", StringComparison.OrdinalIgnoreCase) || t.Equals("wgs84", StringComparison.OrdinalIgnoreCase)
            || t.Equals("CRS84", StringComparison.OrdinalIgnoreCase) || t.EndsWith("OGC:1.3:CRS84", StringComparison.OrdinalIgnoreCase)
            || t.EndsWith("EPSG::4326", StringComparison.OrdinalIgnoreCase))
        {
            return Wgs84;
        }

        if (t.Equals("gcj02", StringComparison.OrdinalIgnoreCase) || t.Equals("gcj-02", StringComparison.OrdinalIgnoreCase))
        {
            return Gcj02Datum;
        }

        var digits = t.StartsWith("EPSG:", StringComparison.OrdinalIgnoreCase) ? t[5..].TrimStart(':') : t;
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            throw new DomainException("crs", $"'{text}' is not a coordinate system Infra knows. Use one of: {Known}.");
        }

        // CGCS2000 and WGS 84 differ by centimetres (same ellipsoid to 1e-10 in flattening; frames within ~5 cm), below any asset record's precision.
        if (code == 4490)
        {
            return new Crs("EPSG:4490", null);
        }

        CoordinateSystem? source = code switch
        {
            3857 => ProjectedCoordinateSystem.WebMercator,
            >= 32601 and <= 32660 => ProjectedCoordinateSystem.WGS84_UTM(code - 32600, true),
            >= 32701 and <= 32760 => ProjectedCoordinateSystem.WGS84_UTM(code - 32700, false),
            >= 4534 and <= 4554 => new CoordinateSystemFactory().CreateFromWkt(GaussKruger(75 + (3 * (code - 4534)))),
            _ => null,
        };
        return source is null
            ? throw new DomainException("crs", $"EPSG:{code} is not one Infra can reproject. Use one of: {Known}; or reproject the file first (ogr2ogr -t_srs EPSG:4326).")
            : FromSystem($"EPSG:{code}", source);
    }

    /// <summary>The system a shapefile's .prj declares (ESRI WKT).</summary>
    public static Crs FromWkt(string wkt)
    {
        try
        {
            var cs = new CoordinateSystemFactory().CreateFromWkt(wkt);
            return cs is GeographicCoordinateSystem g && IsWgs84Like(g) ? new Crs(cs.Name, null) : FromSystem(cs.Name, cs);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new DomainException("crs", $"The declared coordinate system could not be used ({e.Message}); pass --crs with the file's EPSG code.");
        }
    }

    private static bool IsWgs84Like(GeographicCoordinateSystem g)
    {
        var e = g.HorizontalDatum.Ellipsoid;
        return Math.Abs(e.SemiMajorAxis - 6_378_137) < 0.5 && Math.Abs(e.InverseFlattening - 298.257) < 0.01
            && Math.Abs(g.PrimeMeridian.Longitude) < 1e-9 && Math.Abs(g.AngularUnit.RadiansPerUnit - (Math.PI / 180)) < 1e-12;
    }

    private static Crs FromSystem(string name, CoordinateSystem source)
    {
        var transform = new CoordinateTransformationFactory().CreateFromCoordinateSystems(source, GeographicCoordinateSystem.WGS84).MathTransform;
        return new Crs(name, (x, y) => transform.Transform(x, y));
    }

    private static string GaussKruger(int centralMeridian) => string.Create(CultureInfo.InvariantCulture,
        $"""PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM {centralMeridian}E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",{centralMeridian}],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1]]""");

    /// <summary>The geometry in WGS 84 lon/lat (SRID 4326); the same instance when nothing changes.</summary>
    public Geometry ToWgs84(Geometry g)
    {
        if (_toWgs84 is null)
        {
            g.SRID = Domain.Geo.Wgs84.Srid;
            return g;
        }

        var copy = Domain.Geo.Wgs84.Factory.CreateGeometry(g);
        copy.Apply(new Reproject(_toWgs84));
        copy.GeometryChanged();
        return copy;
    }

    private sealed class Reproject(Func<double, double, (double, double)> f) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = f(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
