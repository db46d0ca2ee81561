using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NetTopologySuite.Geometries;

namespace Infra.Geodata;

public static partial class RegionGenerator
{
    /// <summary>
    /// SHA-256 (lower-case hex) of a canonical text of the whole region: every code, name, kind, number
    /// and coordinate (fixed six decimals), in code order. Equal fingerprints mean equal regions.
    /// </summary>
    public static string Fingerprint(DemoRegion region)
    {
        var text = new StringBuilder();
        text.Append("city|").Append(Wkt(region.CityOutline)).Append('\n');
        foreach (var c in region.Counties.OrderBy(c => c.Code, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"county|{c.Code}|{c.Name}|{c.NameEn}|{Wkt(c.Seat)}|{Wkt(c.Boundary)}\n");
        }

        foreach (var t in region.Townships.OrderBy(t => t.Code, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"township|{t.Code}|{t.CountyCode}|{t.Name}|{t.Kind}|{Wkt(t.Seat)}|{Wkt(t.Boundary)}\n");
        }

        foreach (var v in region.Villages.OrderBy(v => v.Code, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture,
                $"village|{v.Code}|{v.Kind}|{v.Name}|{v.TownshipCode}|{v.ParentCode}|{Wkt(v.Location)}|{v.Population}|{v.Households}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    internal static string Wkt(Geometry geometry)
    {
        var text = new StringBuilder(geometry.GeometryType).Append('(');
        for (var g = 0; g < geometry.NumGeometries; g++)
        {
            var part = geometry.GetGeometryN(g);
            var rings = part is Polygon p ? [p.ExteriorRing, .. p.InteriorRings] : new[] { part };
            text.Append(g > 0 ? ",(" : "(");
            for (var r = 0; r < rings.Length; r++)
            {
                text.Append(r > 0 ? ",(" : "(");
                var coordinates = rings[r].Coordinates;
                for (var k = 0; k < coordinates.Length; k++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"{(k > 0 ? "," : "")}{coordinates[k].X:F6} {coordinates[k].Y:F6}");
                }

                text.Append(')');
            }

            text.Append(')');
        }

        return text.Append(')').ToString();
    }
}
