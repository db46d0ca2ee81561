using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Geo;

/// <summary>The one geometry factory (WGS 84 lon/lat, SRID 4326) and the checks every stored geometry passes.</summary>
public static class Wgs84
{
    public const int Srid = 4326;

    public static GeometryFactory Factory { get; } =
        NtsGeometryServices.Instance.CreateGeometryFactory(new PrecisionModel(), Srid);

    public static Point Point(double lon, double lat)
    {
        CheckLonLat(lon, lat, "geometry");
        return Factory.CreatePoint(new Coordinate(lon, lat));
    }

    public static void CheckLonLat(double lon, double lat, string field)
    {
        // Messages are built only on failure: this runs for every vertex of a bulk import.
        DomainException.Require(double.IsFinite(lon) && double.IsFinite(lat), field, "Coordinates must be finite numbers.");
        if (lon is not (>= -180 and <= 180))
        {
            throw new DomainException(field, $"Longitude {lon} is outside [-180, 180].");
        }

        if (lat is not (>= -90 and <= 90))
        {
            throw new DomainException(field, lon is >= -90 and <= 90
                ? $"Latitude {lat} is outside [-90, 90]: are longitude and latitude swapped? GeoJSON and WKT give lon, lat (east, north)."
                : $"Latitude {lat} is outside [-90, 90].");
        }
    }

    /// <summary>
    /// Refuses a geometry that is empty, not in SRID 4326, has a coordinate outside lon/lat range,
    /// or is not OGC-valid (self-intersections, bad rings). Never repairs: bad data is refused.
    /// </summary>
    public static T Require<T>(T? geometry, string field) where T : Geometry
    {
        DomainException.Require(geometry is not null, field, "Geometry is required.");
        DomainException.Require(!geometry!.IsEmpty, field, "Geometry is empty.");
        DomainException.Require(geometry.SRID == Srid, field, $"Geometry must be WGS 84 lon/lat (SRID {Srid}), not SRID {geometry.SRID}.");
        foreach (var c in geometry.Coordinates)
        {
            CheckLonLat(c.X, c.Y, field);
        }

        if (!geometry.IsValid)
        {
            var error = new NetTopologySuite.Operation.Valid.IsValidOp(geometry).ValidationError;
            throw new DomainException(field,
                $"Geometry is not valid: {error?.Message ?? "invalid"} at {error?.Coordinate?.X:0.######} {error?.Coordinate?.Y:0.######}.");
        }

        return geometry;
    }
}
