using Infra.Api.Features.Imports;
using Infra.Domain;

namespace Infra.Api.Tests.Imports;

/// <summary>A coordinate system is known however it is written: EPSG codes, OGC URNs (GDAL's GeoJSON) and URIs (OGC API).</summary>
public class CrsTests
{
    [Theory]
    [InlineData("EPSG:3857")]
    [InlineData("epsg::3857")]
    [InlineData("3857")]
    [InlineData("urn:ogc:def:crs:EPSG::3857")]
    [InlineData("urn:ogc:def:crs:EPSG:6.3:3857")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857")]
    public void An_EPSG_code_is_read_in_each_way_it_is_written(string text)
    {
        var crs = Crs.Parse(text);
        Assert.Equal("EPSG:3857", crs.Name);
        // Web Mercator's origin is WGS 84's (0, 0); x = 20037508.34 m is the antimeridian.
        var p = crs.ToWgs84(Domain.Geo.Wgs84.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(20037508.342789244 / 2, 0)));
        Assert.Equal(90, p.Coordinate.X, 9);
        Assert.Equal(0, p.Coordinate.Y, 9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EPSG:4326")]
    [InlineData("4326")]
    [InlineData("urn:ogc:def:crs:EPSG::4326")]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84")]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84")]
    [InlineData("CRS84")]
    public void WGS_84_lon_lat_is_read_in_each_way_it_is_written(string text) => Assert.True(Crs.Parse(text).IsWgs84);

    [Theory]
    [InlineData("urn:ogc:def:crs:EPSG::٣٨٥٧")]
    [InlineData("EPSG:3857x")]
    [InlineData("urn:ogc:def:crs:EPSG::2154")]
    [InlineData("Beijing 1954")]
    public void Anything_else_is_refused_on_the_crs_field(string text) => Assert.Equal("crs", Assert.Throws<DomainException>(() => Crs.Parse(text)).Field);
    // The .prj files GDAL writes for these systems (ESRI WKT), as a carrier's shapefile brings them.
    private const string Cgcs2000GkCm114 = "PROJCS[\"CGCS2000_3_Degree_GK_CM_114E\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\"," +
        "SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"]," +
        "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",114.0],PARAMETER[\"Scale_Factor\",1.0]," +
        "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    private const string EsriWebMercator = "PROJCS[\"WGS_1984_Web_Mercator_Auxiliary_Sphere\",GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\"," +
        "SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Mercator_Auxiliary_Sphere\"]," +
        "PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",0.0],PARAMETER[\"Standard_Parallel_1\",0.0]," +
        "PARAMETER[\"Auxiliary_Sphere_Type\",0.0],UNIT[\"Meter\",1.0]]";

    private const string Beijing1954 = "GEOGCS[\"GCS_Beijing_1954\",DATUM[\"D_Beijing_1954\",SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]]," +
        "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    private const string Xian1980GkCm114 = "PROJCS[\"Xian_1980_3_Degree_GK_CM_114E\",GEOGCS[\"GCS_Xian_1980\",DATUM[\"D_Xian_1980\"," +
        "SPHEROID[\"Xian_1980\",6378140.0,298.257]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"]," +
        "PARAMETER[\"False_Easting\",500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",114.0],PARAMETER[\"Scale_Factor\",1.0]," +
        "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    [Theory]
    [InlineData(Cgcs2000GkCm114, "EPSG:4547", 520_000, 3_650_000)]
    [InlineData(EsriWebMercator, "EPSG:3857", 12_690_000, 3_890_000)]
    public void ESRI_prj_spellings_ProjNET_lacks_read_as_the_EPSG_system(string prj, string epsg, double x, double y)
    {
        var point = Domain.Geo.Wgs84.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(x, y));
        var fromPrj = Crs.FromWkt(prj).ToWgs84(point).Coordinate;
        var fromCode = Crs.Parse(epsg).ToWgs84(point).Coordinate;
        Assert.InRange(fromPrj.X, 113, 115.5);
        Assert.InRange(fromPrj.Y, 32, 34);
        Assert.Equal(fromCode.X, fromPrj.X, 9);
        Assert.Equal(fromCode.Y, fromPrj.Y, 9);
    }

    [Theory]
    [InlineData(Beijing1954)]
    [InlineData(Xian1980GkCm114)]
    public void A_datum_tens_of_metres_from_WGS84_without_a_shift_is_refused(string prj) =>
        Assert.Contains("no shift", Assert.Throws<DomainException>(() => Crs.FromWkt(prj)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_datum_with_its_shift_to_WGS84_is_reprojected()
    {
        var wkt = "GEOGCS[\"Beijing 1954\",DATUM[\"Beijing_1954\",SPHEROID[\"Krassowsky 1940\",6378245,298.3],TOWGS84[15.8,-154.4,-82.3,0,0,0,0]]," +
            "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]";
        var crs = Crs.FromWkt(wkt);
        Assert.False(crs.IsWgs84);
        var moved = crs.ToWgs84(Domain.Geo.Wgs84.Factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(114, 33))).Coordinate;
        Assert.InRange(Domain.Geo.Geodesic.DistanceM(114, 33, moved.X, moved.Y), 20, 300);
    }
}
