using System.IO.Compression;
using System.Text.Json.Nodes;
using Infra.Api.Features.Writes;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace Infra.Api.Features.Imports;

/// <summary>An ESRI shapefile sent as a .zip (.shp, .shx, .dbf, and .prj; .cpg names the DBF encoding).</summary>
public static class ShapefileSource
{
    /// <summary>Unpacks the zip into <paramref name="workDir"/>; returns the .shp path and the CRS its .prj declares (null without .prj).</summary>
    public static (string Shp, Crs? Declared, string? Cpg) Unpack(string zipPath, string workDir)
    {
        try
        {
            ZipFile.ExtractToDirectory(zipPath, workDir);
        }
        catch (InvalidDataException e)
        {
            throw new ImportFileException("file", $"A shapefile must be sent as a .zip of its parts: {e.Message}");
        }

        var shps = Directory.GetFiles(workDir, "*.shp", SearchOption.AllDirectories);
        if (shps.Length != 1)
        {
            throw new ImportFileException("file", shps.Length == 0 ? "The zip holds no .shp file." : $"The zip holds {shps.Length} .shp files; send one layer per import.");
        }

        var shp = shps[0];
        var prj = Path.ChangeExtension(shp, ".prj");
        var cpg = Path.ChangeExtension(shp, ".cpg");
        return (shp, File.Exists(prj) ? Crs.FromWkt(File.ReadAllText(prj)) : null, File.Exists(cpg) ? File.ReadAllText(cpg).Trim() : GbkDriver(shp));
    }

    /// <summary>
    /// "gbk" when the .dbf's language driver byte (offset 29) says Chinese GBK, as ArcGIS writes it (0x4D, or 0x7A), with no
    /// .cpg beside it; otherwise null (strict UTF-8 then, and a GBK file is refused with the hint to say so).
    /// </summary>
    private static string? GbkDriver(string shp)
    {
        var dbf = Path.ChangeExtension(shp, ".dbf");
        if (!File.Exists(dbf))
        {
            return null;
        }

        using var file = File.OpenRead(dbf);
        Span<byte> header = stackalloc byte[30];
        return file.ReadAtLeast(header, 30, throwOnEndOfStream: false) == 30 && header[29] is 0x4D or 0x7A ? "gbk" : null;
    }

    public static IEnumerable<SourceRow> Read(string shp, System.Text.Encoding encoding)
    {
        using var reader = Shapefile.OpenRead(shp, new ShapefileReaderOptions { Encoding = encoding, Factory = Domain.Geo.Wgs84.Factory });
        var row = 0;
        while (true)
        {
            bool deleted;
            try
            {
                if (!reader.Read(out deleted))
                {
                    break;
                }
            }
            catch (System.Text.DecoderFallbackException)
            {
                throw new ImportFileException("encoding", $"The shapefile's attributes (.dbf) are not valid {(encoding is System.Text.UTF8Encoding ? "UTF-8" : encoding.WebName)}: " +
                    "if it came from Chinese software, import it again with --encoding gbk (API: encoding=gbk), or give the zip a .cpg naming the encoding.", row + 1);
            }

            row++;
            if (deleted)
            {
                continue;
            }

            var values = new Dictionary<string, object?>();
            foreach (var field in reader.Fields)
            {
                values[field.Name] = field.Value switch
                {
                    null => null,
                    DateTime d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    IFormattable n => n.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                };
            }

            var g = reader.Geometry;
            yield return new SourceRow(row, new DictFields(values, row, truncatedNames: true), g is null || g.IsEmpty ? null : g);
        }
    }
}

/// <summary>
/// A GeoPackage (OGC 12-128r18): the feature table in gpkg_contents (see <see cref="Describe"/>), its geometry column from
/// gpkg_geometry_columns, its CRS from gpkg_spatial_ref_sys. Geometry blobs are decoded by NetTopologySuite.
/// </summary>
public static class GeoPackageSource
{
    /// <summary>
    /// The feature table to import: the only one, or among several the one named after <paramref name="layer"/>
    /// (<c>base_stations</c>, as Infra's exports name it). A file of several tables none of which is named so is refused
    /// with their names rather than one of them taken by guess. Without a layer, the one table named after a layer says
    /// which (an Infra export imports back without --layer). The CRS is null when the file leaves it undefined.
    /// </summary>
    public static (Layer Layer, string Table, string Column, Crs? Crs) Describe(SqliteConnection conn, Layer? layer)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = """
            SELECT c.table_name, g.column_name, g.srs_id, s.organization, s.organization_coordsys_id, s.definition
            FROM gpkg_contents c JOIN gpkg_geometry_columns g ON g.table_name = c.table_name
            LEFT JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id
            WHERE c.data_type = 'features' ORDER BY c.table_name
            """;
        var tables = new List<(string Table, string Column, string Organization, int Code, string Definition)>();
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                tables.Add((r.GetString(0), r.GetString(1), r.IsDBNull(3) ? "" : r.GetString(3), r.GetInt32(r.IsDBNull(4) ? 2 : 4), r.IsDBNull(5) ? "" : r.GetString(5)));
            }
        }
        catch (SqliteException e)
        {
            throw new ImportFileException("file", $"This is not a GeoPackage: {e.Message}");
        }

        if (tables.Count == 0)
        {
            throw new ImportFileException("file", "The GeoPackage holds no feature table.");
        }

        static Layer? NamedAfter(string table) => Layer.All.FirstOrDefault(l => Fields.Normalize(l.Name) == Fields.Normalize(table));
        if (layer is null)
        {
            var known = tables.Where(t => NamedAfter(t.Table) is not null).ToList();
            layer = known.Count == 1 ? NamedAfter(known[0].Table)! : throw new ImportFileException("layer",
                $"Say which layer the GeoPackage holds (--layer …): its feature tables ({string.Join(", ", tables.Select(t => t.Table))}) " +
                $"{(known.Count == 0 ? "are not named after a layer" : "are named after several layers")}.");
        }

        var named = tables.Where(t => NamedAfter(t.Table) == layer).ToList();
        var (table, column, organization, code, definition) = tables.Count switch
        {
            1 => tables[0],
            _ when named.Count == 1 => named[0],
            _ => throw new ImportFileException("file", $"The GeoPackage holds {tables.Count} feature tables ({string.Join(", ", tables.Select(t => t.Table))}) " +
                $"and none is named {layer.Table}: send the table to import on its own, or name it {layer.Table}."),
        };
        var crs = organization.Equals("EPSG", StringComparison.OrdinalIgnoreCase) ? Crs.Parse($"EPSG:{code}")
            : definition.Length > 0 && definition != "undefined" ? Crs.FromWkt(definition)
            : null;
        return (layer, table, column, crs);
    }

    public static IEnumerable<SourceRow> Read(SqliteConnection conn, string table, string column)
    {
        using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
        using var r = cmd.ExecuteReader();
        var geo = new GeoPackageGeoReader();
        var row = 0;
        while (r.Read())
        {
            row++;
            var values = new Dictionary<string, object?>();
            Geometry? geometry = null;
            for (var i = 0; i < r.FieldCount; i++)
            {
                var name = r.GetName(i);
                if (name == column)
                {
                    geometry = r.IsDBNull(i) ? null : geo.Read((byte[])r.GetValue(i));
                }
                else
                {
                    values[name] = r.IsDBNull(i) ? null : r.GetValue(i) switch
                    {
                        string s when name == "sectors" && s.StartsWith('[') => JsonNode.Parse(s),
                        IFormattable n => n.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                        var v => v.ToString(),
                    };
                }
            }

            yield return new SourceRow(row, new DictFields(values, row), geometry);
        }
    }
}
