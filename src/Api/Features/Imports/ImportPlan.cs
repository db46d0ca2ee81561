using Infra.Api.Features.Writes;
using Infra.Domain;
using Infra.Api.Http;
using Microsoft.Data.Sqlite;

namespace Infra.Api.Features.Imports;

/// <summary>What the user asked for: the file and the options of <c>./infra import</c> / <c>POST /api/imports</c>.</summary>
public sealed record ImportRequest(string FilePath, string FileName, string Carrier, string? Layer = null, string? Format = null, string? Crs = null,
    string? Encoding = null, bool DryRun = false, bool RetireMissing = false, DateOnly? RetireOn = null, DateOnly? LifecycleDate = null);

/// <summary>Counters a caller can watch while an import runs (rows read, validated, written).</summary>
public sealed class ImportProgress
{
    private long _read;
    private long _validated;
    private long _written;

    public long RowsRead => Interlocked.Read(ref _read);

    public long RowsValidated => Interlocked.Read(ref _validated);

    public long RowsWritten => Interlocked.Read(ref _written);

    public string Phase { get; set; } = "queued";

    public void Read() => Interlocked.Increment(ref _read);

    public void Validated() => Interlocked.Increment(ref _validated);

    public void Written(long rows) => Interlocked.Exchange(ref _written, rows);
}

/// <summary>What an import did (or, in a dry run, would do).</summary>
/// <param name="Seconds">Wall time of each phase: read and validate (streamed into COPY), check, merge, retire, commit, announce.</param>
public sealed record ImportResult(string Layer, string Carrier, string Format, string Crs, bool DryRun, long Rows, long Created, long Changed, long Unchanged,
    long Retired, long NotRetired, IReadOnlyList<string> Notes, IReadOnlyDictionary<string, double>? Seconds = null);

/// <summary>The import was refused: every bad row, or the one reason the file could not be read. Nothing was written.</summary>
public sealed class ImportFailed(IReadOnlyList<FieldError> errors) : Exception($"{errors.Count} problem(s); nothing was written.")
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

/// <summary>The file opened: its rows (streamed), the layer they go to, their CRS, and the carrier.</summary>
public sealed class ImportPlan(ImportRequest request, Layer layer, string format, Crs crs, IEnumerable<SourceRow> rows, Carrier carrier) : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public ImportRequest Request { get; } = request;

    public Layer Layer { get; } = layer;

    public string Format { get; } = format;

    public Crs Crs { get; } = crs;

    public IEnumerable<SourceRow> Rows { get; set; } = rows;

    public Carrier Carrier { get; } = carrier;

    /// <summary>Rows recorded with the lifecycle date because the file gave none (OFDS).</summary>
    public int Undated { get; set; }

    public string? TempDir { get; set; }

    public void Own(IDisposable d) => _owned.Add(d);

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }

        if (TempDir is not null && Directory.Exists(TempDir))
        {
            Directory.Delete(TempDir, recursive: true);
        }
    }

    public const string Formats = "geojson, csv, shapefile (zip), gpkg, opencellid, ofds";

    /// <summary>Opens the file: decides the format, the layer and the CRS, refusing rather than guessing.</summary>
    public static ImportPlan Open(ImportRequest r, Carrier carrier, DateOnly today)
    {
        var ext = Path.GetExtension(r.FileName).ToLowerInvariant();
        var format = (r.Format ?? "").Trim().ToLowerInvariant() switch
        {
            "" => ext switch
            {
                ".zip" => "shapefile",
                ".gpkg" => "gpkg",
                ".geojson" or ".json" => "geojson",
                ".csv" or ".txt" => "csv",
                _ => throw Fail("format", $"Cannot tell the format of '{r.FileName}': pass --format ({Formats})."),
            },
            "geojson" or "csv" or "shapefile" or "gpkg" or "opencellid" or "ofds" => r.Format!.Trim().ToLowerInvariant(),
            "shp" => "shapefile",
            _ => throw Fail("format", $"Unknown format '{r.Format}': use one of {Formats}."),
        };
        var requested = r.Layer is null ? null : Layer.Find(r.Layer) ?? throw Fail("layer", $"Unknown layer '{r.Layer}': use one of {string.Join(", ", Layer.All.Select(l => l.Name))}.");
        var crs = r.Crs is null ? null : Imports.Crs.Parse(r.Crs);
        var encoding = TextEncodings.For(r.Encoding);
        var lifecycleDate = r.LifecycleDate ?? today;
        ImportPlan? plan = null;
        switch (format)
        {
            case "geojson" or "ofds" when ext != ".csv":
            {
                string? declared = null;
                Stream stream = File.OpenRead(r.FilePath);
                if (encoding is not System.Text.UTF8Encoding)
                {
                    // GeoJSON is UTF-8 by definition, but a user who says the file is GBK is believed: decoded as it streams.
                    stream = System.Text.Encoding.CreateTranscodingStream(stream, encoding, System.Text.Encoding.UTF8);
                }

                var rows = GeoJsonSource.Read(stream, name => declared = name);
                var layer = requested;

                // Reading the first feature ahead finds a legacy "crs" member and shows the geometry type.
                var peek = new PeekedRows(rows);
                rows = peek;
                var lines = peek.First?.Geometry is NetTopologySuite.Geometries.LineString or NetTopologySuite.Geometries.MultiLineString;

                // OFDS GeoJSON says what each feature is (featureType node or span), so such a file is known without
                // --format ofds, as an OFDS CSV is by its header.
                var span = peek.First?.Fields.Is("featureType", "span") == true;
                if (format == "geojson" && (span || peek.First?.Fields.Is("featureType", "node") == true))
                {
                    format = "ofds";
                }

                layer ??= lines || span ? Layers.FiberRoutes : format == "ofds" ? Layers.SwitchingNodes : null;
                if (layer is null)
                {
                    stream.Dispose();
                    throw Fail("layer", $"Say which layer the features are (--layer {string.Join("|", Layer.All.Select(l => l.Name))}).");
                }

                var p = new ImportPlan(r, layer, format, crs ?? (declared is null ? Imports.Crs.Wgs84 : Imports.Crs.Parse(declared)), rows, carrier);
                if (format == "ofds")
                {
                    var spans = layer is FiberRouteLayer;
                    p.Rows = rows.Select(row => spans ? Ofds.Span(row, lifecycleDate, () => p.Undated++) : Ofds.Node(row, lifecycleDate, () => p.Undated++));
                }

                p.Own(stream);
                plan = p;

                break;
            }

            case "csv" or "opencellid" or "ofds":
            {
                var header = ReadHeader(r.FilePath, encoding);
                var stream = File.OpenRead(r.FilePath);
                if (format == "opencellid" || (format == "csv" && OpenCellId.Matches(header)))
                {
                    plan = new ImportPlan(r, requested ?? Layers.BaseStations, "opencellid", crs ?? Imports.Crs.Wgs84,
                        CsvSource.Read(stream, encoding).Select(row => OpenCellId.Translate(row, carrier.Code)), carrier);
                }
                else if (format == "ofds" || Ofds.IsNodesHeader(header) || Ofds.IsSpansHeader(header))
                {
                    var spans = requested is FiberRouteLayer || (requested is null && Ofds.IsSpansHeader(header));
                    var p = new ImportPlan(r, spans ? Layers.FiberRoutes : requested ?? Layers.SwitchingNodes, "ofds", crs ?? Imports.Crs.Wgs84, [], carrier);
                    p.Rows = CsvSource.Read(stream, encoding, Ofds.Rename)
                        .Select(row => spans ? Ofds.Span(row, lifecycleDate, () => p.Undated++) : Ofds.Node(row, lifecycleDate, () => p.Undated++));
                    plan = p;
                }
                else
                {
                    var csvLayer = requested ?? throw Fail("layer", $"Say which layer the rows are (--layer {string.Join("|", Layer.All.Select(l => l.Name))}).");
                    plan = new ImportPlan(r, csvLayer, "csv", crs ?? Imports.Crs.Wgs84, CsvSource.Read(stream, encoding, geometric: csvLayer.GeometryColumn is not null), carrier);
                }

                plan.Own(stream);
                break;
            }

            case "shapefile":
            {
                var dir = Directory.CreateTempSubdirectory("infra-shp-").FullName;
                var (shp, declared, cpg) = ShapefileSource.Unpack(r.FilePath, dir);
                if (declared is null && crs is null)
                {
                    Directory.Delete(dir, true);
                    throw Fail("crs", "The shapefile has no .prj, so its coordinate system is unknown: add the .prj to the zip, or pass --crs (e.g. --crs EPSG:4326).");
                }

                var dbf = r.Encoding is not null ? encoding : cpg is not null ? TextEncodings.For(cpg.Equals("UTF-8", StringComparison.OrdinalIgnoreCase) ? "utf-8" : cpg) : encoding;
                var shapeLayer = requested ?? throw Fail("layer", "Say which layer the shapefile is (--layer …).");
                plan = new ImportPlan(r, shapeLayer, "shapefile", crs ?? declared!, ShapefileSource.Read(shp, dbf), carrier) { TempDir = dir };
                break;
            }

            case "gpkg":
            {
                var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = r.FilePath, Mode = SqliteOpenMode.ReadOnly }.ConnectionString);
                try
                {
                    conn.Open();
                    var (gpkgLayer, table, column, declared) = GeoPackageSource.Describe(conn, requested);
                    var gpkgCrs = crs ?? declared ?? throw Fail("crs", $"The GeoPackage's table {table} has an undefined coordinate system; pass --crs.");
                    plan = new ImportPlan(r, gpkgLayer, "gpkg", gpkgCrs, GeoPackageSource.Read(conn, table, column), carrier);
                }
                catch
                {
                    conn.Dispose();
                    throw;
                }

                plan.Own(conn);
                break;
            }
        }

        return plan!;
    }

    private static List<string> ReadHeader(string path, System.Text.Encoding encoding)
    {
        using var stream = File.OpenRead(path);
        using var csv = new CsvReader(stream, encoding);
        return csv.Next() ?? [];
    }

    private static ImportFailed Fail(string field, string message) => new([new FieldError(field, message)]);

    /// <summary>Rows whose first element was read ahead (to see its geometry type) and is replayed first.</summary>
    private sealed class PeekedRows : IEnumerable<SourceRow>
    {
        private readonly IEnumerator<SourceRow> _rows;
        private readonly bool _any;

        public PeekedRows(IEnumerable<SourceRow> rows)
        {
            _rows = rows.GetEnumerator();
            _any = _rows.MoveNext();
            First = _any ? _rows.Current : null;
        }

        public SourceRow? First { get; }

        public IEnumerator<SourceRow> GetEnumerator()
        {
            if (!_any)
            {
                yield break;
            }

            yield return First!;
            while (_rows.MoveNext())
            {
                yield return _rows.Current;
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
