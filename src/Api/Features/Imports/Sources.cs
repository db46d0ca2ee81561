using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Features.Writes;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace Infra.Api.Features.Imports;

/// <summary>One record read from a file: its 1-based position, its attributes and its geometry as the file gave it (not yet reprojected).</summary>
public sealed record SourceRow(int Row, Fields Fields, Geometry? Geometry);

/// <summary>The file as a whole cannot be read (not JSON, no header, wrong encoding…): the import fails with this one error.</summary>
public sealed class ImportFileException(string field, string message, int? row = null) : Exception(message)
{
    public string Field { get; } = field;

    public int? Row { get; } = row;
}

/// <summary>Fields given as a dictionary of text or JSON values (rows translated from OpenCelliD or OFDS).</summary>
/// <param name="truncatedNames">dBASE field names are at most 10 characters: also match a field by the first 10 of its name (serviceRad → serviceRadiusM).</param>
public sealed class DictFields(Dictionary<string, object?> values, int row, bool truncatedNames = false) : Fields(row)
{
    private readonly Dictionary<string, object?> _values = values.ToDictionary(kv => Normalize(kv.Key), kv => kv.Value);

    protected override object? Raw(string name)
    {
        var key = Key(name);
        if (!_values.TryGetValue(key, out var v) && truncatedNames && key.Length > 10)
        {
            _values.TryGetValue(key[..10], out v);
        }

        return v is not null && !(v is string s && s.Length == 0) && !(v is JsonNode n && n.GetValueKind() == JsonValueKind.Null) ? v : null;
    }
}

/// <summary>
/// Reads text files strictly: invalid UTF-8 is never decoded into replacement characters (names would be
/// silently garbled); it stops the import with a message that says to pass <c>--encoding gbk</c>, which is
/// what Chinese spreadsheet software usually writes. GBK is decoded only when the user says so.
/// </summary>
public static class TextEncodings
{
    static TextEncodings() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding For(string? name) => (name ?? "utf-8").Trim().ToLowerInvariant() switch
    {
        "" or "utf-8" or "utf8" => new UTF8Encoding(false, throwOnInvalidBytes: true),
        "gbk" or "cp936" or "936" or "gb2312" or "gb18030" => Encoding.GetEncoding(name!.Trim().Equals("gb18030", StringComparison.OrdinalIgnoreCase) ? 54936 : 936,
            EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback),
        _ => throw new Domain.DomainException("encoding", $"Encoding '{name}' is not supported: use utf-8 (the default) or gbk."),
    };

    public static ImportFileException NotDecodable(Encoding encoding, int? row) => encoding is UTF8Encoding
        ? new ImportFileException("encoding", "The file is not valid UTF-8. Chinese spreadsheet software usually saves CSV as GBK: " +
            "import it again with --encoding gbk (API: encoding=gbk), or save it as \"CSV UTF-8\".", row)
        : new ImportFileException("encoding", $"The file is not valid {encoding.WebName}.", row);
}

/// <summary>
/// RFC 4180 CSV, streamed: quoted fields may hold commas, quotes and line breaks; LF or CRLF line ends.
/// Hand-written (about 80 lines) so that rows are numbered as the user counts them and a decoding failure
/// names the row it happened in; a library would hide both.
/// </summary>
public sealed class CsvReader : IDisposable
{
    private readonly Encoding _encoding;
    private readonly MarkingFallback _invalid = new();
    private readonly StreamReader _reader;
    private readonly char[] _buffer = new char[1 << 16];
    private readonly StringBuilder _cell = new();
    private int _length;
    private int _position;

    public CsvReader(Stream stream, Encoding encoding)
    {
        // Text is decoded 64 K characters ahead of the record being parsed, so a decoder that throws names no row: invalid
        // bytes are decoded as a marker instead, and the record that holds one is refused by its row.
        _encoding = encoding;
        var marking = (Encoding)encoding.Clone();
        marking.DecoderFallback = _invalid;
        _reader = new StreamReader(stream, marking, detectEncodingFromByteOrderMarks: encoding is UTF8Encoding, 1 << 16);
    }

    /// <summary>Data records read so far (the header is record 0).</summary>
    public int Record { get; private set; } = -1;

    /// <summary>The next record's cells, or null at the end of the file; a record holding bytes the encoding cannot decode stops the import, naming its row.</summary>
    public List<string>? Next()
    {
        var cells = ReadRecord();
        if (_invalid.Count > 0 && cells is not null && cells.Exists(c => c.Contains(MarkingFallback.Marker, StringComparison.Ordinal)))
        {
            throw TextEncodings.NotDecodable(_encoding, Record == 0 ? null : Record);
        }

        return cells;
    }

    private List<string>? ReadRecord()
    {
        var cells = new List<string>();
        var quoted = false;
        var any = false;
        _cell.Clear();
        while (true)
        {
            if (_position == _length && !Fill())
            {
                if (!any && _cell.Length == 0 && cells.Count == 0)
                {
                    return null;
                }

                if (quoted)
                {
                    throw new ImportFileException("file", "A quoted CSV field is not closed before the end of the file.", Record + 1);
                }

                cells.Add(_cell.ToString());
                Record++;
                return cells;
            }

            var c = _buffer[_position++];
            any = true;
            if (quoted)
            {
                if (c == '"')
                {
                    if (_position == _length)
                    {
                        Fill();
                    }

                    if (_position < _length && _buffer[_position] == '"')
                    {
                        _cell.Append('"');
                        _position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    _cell.Append(c);
                }
            }
            else if (c == ',')
            {
                cells.Add(_cell.ToString());
                _cell.Clear();
            }
            else if (c == '"' && _cell.Length == 0)
            {
                quoted = true;
            }
            else if (c == '\n')
            {
                cells.Add(_cell.ToString().TrimEnd('\r'));
                Record++;
                return cells;
            }
            else
            {
                _cell.Append(c);
            }
        }
    }

    private bool Fill()
    {
        _length = _reader.Read(_buffer, 0, _buffer.Length);
        _position = 0;
        return _length > 0;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>
    /// Decodes each invalid byte sequence as U+FFFF and counts them. U+FFFF is a noncharacter, so a record holding it after
    /// a fallback is the one with the bad bytes; the count keeps a valid file that spells one out (EF BF BF) from being refused.
    /// </summary>
    private sealed class MarkingFallback : DecoderFallback
    {
        public const char Marker = '\uFFFF';

        public int Count { get; private set; }

        public override int MaxCharCount => 1;

        public override DecoderFallbackBuffer CreateFallbackBuffer() => new Buffer(this);

        private sealed class Buffer(MarkingFallback owner) : DecoderFallbackBuffer
        {
            private int _left;

            public override int Remaining => _left;

            public override bool Fallback(byte[] bytesUnknown, int index)
            {
                owner.Count++;
                _left = 1;
                return true;
            }

            public override char GetNextChar()
            {
                if (_left == 0)
                {
                    return '\0';
                }

                _left--;
                return Marker;
            }

            public override bool MovePrevious()
            {
                if (_left > 0)
                {
                    return false;
                }

                _left++;
                return true;
            }

            public override void Reset() => _left = 0;
        }
    }
}

/// <summary>CSV rows with a geometry from a WKT column or from lon/lat columns.</summary>
public static class CsvSource
{
    private static readonly string[] WktColumns = ["wkt", "geometry", "geom", "thegeom", "shape", "location", "route"];
    private static readonly string[] LonColumns = ["lon", "lng", "longitude", "x"];
    private static readonly string[] LatColumns = ["lat", "latitude", "y"];

    /// <param name="geometric">False for a layer without geometry (service filings): then the file needs no geometry columns.</param>
    public static IEnumerable<SourceRow> Read(Stream stream, Encoding encoding, Func<string, string>? rename = null, bool geometric = true)
    {
        using var csv = new CsvReader(stream, encoding);
        var names = csv.Next() ?? throw new ImportFileException("file", "The CSV file is empty: it needs a header row.");
        names = [.. names.Select(n => rename?.Invoke(n.Trim().TrimStart('\uFEFF')) ?? n.Trim().TrimStart('\uFEFF'))];
        var header = TextFields.Header(names);
        var wkt = WktColumns.Select(c => header.TryGetValue(c, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
        var lon = LonColumns.Select(c => header.TryGetValue(c, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
        var lat = LatColumns.Select(c => header.TryGetValue(c, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
        var located = wkt >= 0 || (lon >= 0 && lat >= 0);
        if (!located && geometric)
        {
            throw new ImportFileException("geometry", "The CSV has no geometry: give a WKT column (wkt, geometry, geom) or lon and lat columns.", 0);
        }

        var reader = new WKTReader(Domain.Geo.Wgs84.Factory.GeometryServices) { IsOldNtsCoordinateSyntaxAllowed = false };
        while (csv.Next() is { } cells)
        {
            if (cells.Count == 1 && cells[0].Length == 0)
            {
                continue;
            }

            var f = new TextFields(header, cells, csv.Record);
            if (cells.Count != names.Count)
            {
                f.Add("file", $"The row has {cells.Count} fields, the header {names.Count}: is a comma inside an unquoted field?");
                yield return new SourceRow(csv.Record, f, null);
                continue;
            }

            yield return new SourceRow(csv.Record, f, !located ? null : wkt >= 0 ? Wkt(reader, cells[wkt], f) : LonLat(cells[lon], cells[lat], f));
        }
    }

    private static Geometry? Wkt(WKTReader reader, string text, Fields f)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return reader.Read(text);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            f.Add("geometry", $"is not valid WKT: {e.Message}");
            return null;
        }
    }

    private static Point? LonLat(string lon, string lat, Fields f)
    {
        var ok = double.TryParse(lon, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var x);
        ok &= double.TryParse(lat, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var y);
        if (!ok || !double.IsFinite(x) || !double.IsFinite(y))
        {
            f.Add("geometry", $"lon/lat must be numbers (got '{lon}', '{lat}').");
            return null;
        }

        return Domain.Geo.Wgs84.Factory.CreatePoint(new Coordinate(x, y));
    }
}
