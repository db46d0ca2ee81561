using System.Globalization;
using System.Text.RegularExpressions;
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
public sealed partial class Crs
{
    private readonly Func<double, double, (double, double)>? _toWgs84;

    private Crs(string name, Func<double, double, (double, double)>? toWgs84) => (Name, _toWgs84) = (name, toWgs84);

    public string Name { get; }

    public bool IsWgs84 => _toWgs84 is null;

    public static Crs Wgs84 { get; } = new("EPSG:4326", null);

    public static Crs Gcj02Datum { get; } = new("gcj02", Gcj02.ToWgs84);

    public const string Known = "EPSG:4326 (WGS 84, the default), gcj02 (Chinese web maps), EPSG:4490 (CGCS2000), EPSG:3857 (web Mercator), " +
        "EPSG:32601–32660 / 32701–32760 (WGS 84 / UTM), EPSG:4534–4554 (CGCS2000 / 3-degree Gauss–Krüger CM 75°E–135°E)";

    /// <summary>
    /// Parses <c>--crs</c> or a file's declared system; throws a DomainException on <c>crs</c> for one Infra cannot
    /// reproject. An EPSG code is read in each way it is written: <c>EPSG:3857</c>, OGC's URN
    /// <c>urn:ogc:def:crs:EPSG::3857</c> (what GDAL writes in a GeoJSON's legacy <c>crs</c> member) and its URI
    /// <c>http://www.opengis.net/def/crs/EPSG/0/3857</c> (OGC API). EPSG:4326 is read as lon/lat, as GeoJSON and GDAL
    /// write it; a file with latitude first lands outside the region and is refused there.
    /// </summary>
    public static Crs Parse(string? text)
    {
        var t = (text ?? "").Trim();
        if (t.Length == 0 || t.Equals("wgs84", StringComparison.OrdinalIgnoreCase) || Crs84().IsMatch(t))
        {
            return Wgs84;
        }

        if (t.Equals("gcj02", StringComparison.OrdinalIgnoreCase) || t.Equals("gcj-02", StringComparison.OrdinalIgnoreCase))
        {
            return Gcj02Datum;
        }

        var epsg = Epsg().Match(t);
        if (!epsg.Success)
        {
            throw new DomainException("crs", $"'{text}' is not a coordinate system Infra knows. Use one of: {Known}.");
        }

        var code = int.Parse(epsg.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        if (code == 4326)
        {
            return Wgs84;
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

    /// <summary>OGC's CRS84 (WGS 84 lon/lat) by name, URN or URI.</summary>
    [GeneratedRegex(@"^(?:urn:ogc:def:crs:OGC:[0-9.]*:|https?://www\.opengis\.net/def/crs/OGC/[0-9.]+/)?CRS84$", RegexOptions.IgnoreCase)]
    private static partial Regex Crs84();

    /// <summary>An EPSG code: bare, <c>EPSG:n</c>, <c>EPSG::n</c>, OGC's URN (with or without a version) or URI.</summary>
    [GeneratedRegex(@"^(?:EPSG::?|urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\.opengis\.net/def/crs/EPSG/[0-9.]+/)?([0-9]{1,6})$", RegexOptions.IgnoreCase)]
    private static partial Regex Epsg();

    /// <summary>
    /// The system a shapefile's .prj (ESRI WKT) or a GeoPackage's definition declares. Two ESRI spellings ProjNET does not
    /// read are read here: <c>Gauss_Kruger</c>, which is how ESRI (and GDAL's .prj) names China's CGCS2000 zones, is the
    /// transverse Mercator with the parameters given; <c>Mercator_Auxiliary_Sphere</c> of type 0 is Web Mercator
    /// (EPSG:3857). A system on another datum than WGS 84 (or CGCS2000, centimetres from it) is used only when the WKT
    /// gives the shift to WGS 84 (TOWGS84): ESRI's never does, and Beijing 1954 or Xian 1980 lie tens of metres away, so
    /// such a file is refused rather than misplaced.
    /// </summary>
    public static Crs FromWkt(string wkt)
    {
        if (wkt.Contains("PROJECTION[\"Mercator_Auxiliary_Sphere\"]", StringComparison.OrdinalIgnoreCase))
        {
            return WebMercatorAuxiliarySphere().IsMatch(wkt)
                ? FromSystem("EPSG:3857", ProjectedCoordinateSystem.WebMercator)
                : throw new DomainException("crs", "The file is in an auxiliary-sphere Mercator other than Web Mercator (EPSG:3857); reproject it first (ogr2ogr -t_srs EPSG:4326).");
        }

        try
        {
            var cs = new CoordinateSystemFactory().CreateFromWkt(wkt.Replace("PROJECTION[\"Gauss_Kruger\"]", "PROJECTION[\"Transverse_Mercator\"]", StringComparison.OrdinalIgnoreCase));
            var geographic = cs as GeographicCoordinateSystem ?? (cs as ProjectedCoordinateSystem)?.GeographicCoordinateSystem;
            if (geographic is not null && !IsWgs84Like(geographic) && geographic.HorizontalDatum.Wgs84Parameters is not { HasZeroValuesOnly: false })
            {
                throw new DomainException("crs", $"The file's coordinate system, {cs.Name}, is on the datum {geographic.HorizontalDatum.Name}, which lies up to " +
                    "tens of metres from WGS 84, and the file gives no shift between them: reproject it to WGS 84 with the transformation your survey " +
                    "uses (e.g. ogr2ogr -t_srs EPSG:4326), then import it.");
            }

            return cs is GeographicCoordinateSystem g && IsWgs84Like(g) ? new Crs(cs.Name, null) : FromSystem(cs.Name, cs);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            throw new DomainException("crs", $"The declared coordinate system could not be used ({e.Message}); pass --crs with the file's EPSG code.");
        }
    }

    /// <summary>ESRI's Web Mercator: the auxiliary sphere of type 0 (the ellipsoid's semi-major axis), nothing shifted.</summary>
    [GeneratedRegex("""GEOGCS\["GCS_WGS_1984".*PARAMETER\["False_Easting",0(\.0*)?\],PARAMETER\["False_Northing",0(\.0*)?\],PARAMETER\["Central_Meridian",0(\.0*)?\],PARAMETER\["Standard_Parallel_1",0(\.0*)?\],PARAMETER\["Auxiliary_Sphere_Type",0(\.0*)?\]""", RegexOptions.IgnoreCase)]
    private static partial Regex WebMercatorAuxiliarySphere();

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
