using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Features.Writes;
using Infra.Api.Http;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Imports;

/// <summary>
/// A GeoJSON FeatureCollection (or a bare array of Features) read one feature at a time: the file is never
/// held in memory whole, so a 1 GB file costs what its largest feature costs. System.Text.Json's reader
/// scans the top level; each feature is then cut out of the buffer and parsed on its own.
/// </summary>
public static class GeoJsonSource
{
    private const int MaxBuffer = 64 << 20;

    /// <summary>Reads the features; <paramref name="declaredCrs"/> receives a legacy <c>crs</c> member's name when one comes before the features.</summary>
    public static IEnumerable<SourceRow> Read(Stream stream, Action<string> declaredCrs)
    {
        var buf = new Buffer(stream);
        var start = FindFeatures(buf, declaredCrs);
        buf.Position = start;
        var row = 0;
        while (true)
        {
            if (!buf.SkipSeparators())
            {
                throw new ImportFileException("file", "The features array is not closed: the file is cut short.", row + 1);
            }

            if (buf.Current == (byte)']')
            {
                yield break;
            }

            row++;
            yield return buf.NextFeature(row);
        }
    }

    /// <summary>
    /// One feature, parsed once from its UTF-8 bytes: the geometry straight through NetTopologySuite's converter,
    /// the (small) properties object as a node for <see cref="JsonFields"/>. A feature the fast path cannot read
    /// is read again through JSON nodes, so a bad row gets exactly the same message either way.
    /// </summary>
    internal static SourceRow ParseFeature(ReadOnlySpan<byte> json, int row)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                JsonObject? properties = null;
                Geometry? geometry = null;
                var feature = false;
                var seen = 0;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.ValueTextEquals("type"u8) ? 1 : reader.ValueTextEquals("properties"u8) ? 2 : reader.ValueTextEquals("geometry"u8) ? 4 : 0;
                    if ((seen & name) != 0)
                    {
                        // A repeated member: the node path decides what that means.
                        return Slow(json, row);
                    }

                    seen |= name;
                    reader.Read();
                    switch (name)
                    {
                        case 1:
                            feature = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("Feature"u8);
                            reader.Skip();
                            break;
                        case 2 when reader.TokenType == JsonTokenType.StartObject:
                            properties = (JsonObject)JsonNode.Parse(ref reader)!;
                            break;
                        case 4 when reader.TokenType != JsonTokenType.Null:
                            geometry = JsonSerializer.Deserialize<Geometry>(ref reader, WireJson.Options);
                            break;
                        default:
                            reader.Skip();
                            break;
                    }
                }

                if (feature)
                {
                    if (geometry is not null)
                    {
                        geometry.SRID = Domain.Geo.Wgs84.Srid;
                    }

                    return new SourceRow(row, new JsonFields(properties, row), geometry);
                }
            }
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or Domain.DomainException)
        {
        }

        return Slow(json, row);
    }

    /// <summary>The node path: slower, but it words every error.</summary>
    private static SourceRow Slow(ReadOnlySpan<byte> json, int row)
    {
        var node = JsonNode.Parse(json);
        var f = new JsonFields((node as JsonObject)?["properties"] as JsonObject, row);
        if (node is not JsonObject feature || Fields.TextOf(feature["type"]) != "Feature")
        {
            f.Add("type", "Each element must be a GeoJSON Feature ({\"type\":\"Feature\", …}).");
            return new SourceRow(row, f, null);
        }

        var g = feature["geometry"];
        return new SourceRow(row, f, g is null || g.GetValueKind() == JsonValueKind.Null ? null : FeatureBody.ReadGeometry(g, f));
    }

    /// <summary>The offset just inside the features array.</summary>
    private static int FindFeatures(Buffer buf, Action<string> declaredCrs)
    {
        buf.SkipBom();
        while (true)
        {
            var found = TryFind(buf, declaredCrs, out var offset);
            if (found is true)
            {
                return offset;
            }

            if (found is false || !buf.Grow())
            {
                throw new ImportFileException("file", "This is not a GeoJSON FeatureCollection or array of Features (no \"features\" array found).");
            }
        }
    }

    private static bool? TryFind(Buffer buf, Action<string> declaredCrs, out int offset)
    {
        offset = 0;
        try
        {
            var reader = new Utf8JsonReader(buf.Span(0), buf.Eof, default);
            if (!reader.Read())
            {
                return buf.Eof ? false : null;
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                offset = buf.Start + (int)reader.BytesConsumed;
                return true;
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    return false;
                }

                var name = reader.GetString();
                var begin = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    return null;
                }

                if (name == "features" && reader.TokenType == JsonTokenType.StartArray)
                {
                    offset = buf.Start + (int)reader.BytesConsumed;
                    return true;
                }

                if (!reader.TrySkip())
                {
                    return null;
                }

                if (name == "crs" && JsonNode.Parse(buf.Span(0)[begin..(int)reader.BytesConsumed].ToArray())?["properties"]?["name"] is JsonValue v)
                {
                    declaredCrs(v.ToString());
                }
            }

            return buf.Eof ? false : null;
        }
        catch (JsonException e)
        {
            throw new ImportFileException("file", $"The file is not valid JSON: {e.Message}");
        }
    }

    /// <summary>A growing window over the stream.</summary>
    private sealed class Buffer(Stream stream)
    {
        private byte[] _bytes = new byte[1 << 20];
        private int _length;

        public int Start { get; private set; }

        public int Position { get; set; }

        public bool Eof { get; private set; }

        public byte Current => _bytes[Position];

        public void SkipBom()
        {
            while (_length < 3 && Grow())
            {
            }

            if (_length >= 3 && _bytes[0] == 0xEF && _bytes[1] == 0xBB && _bytes[2] == 0xBF)
            {
                Start = Position = 3;
                Grow();
            }
        }

        public ReadOnlySpan<byte> Span(int from) => _bytes.AsSpan(Start + from, _length - Start - from);

        /// <summary>Reads more: first drops what was consumed, then grows up to a limit.</summary>
        public bool Grow()
        {
            if (Eof)
            {
                return false;
            }

            if (Start > 0)
            {
                Array.Copy(_bytes, Start, _bytes, 0, _length - Start);
                _length -= Start;
                Position -= Start;
                Start = 0;
            }

            if (_length == _bytes.Length)
            {
                if (_bytes.Length >= MaxBuffer)
                {
                    throw new ImportFileException("file", $"One feature is larger than {MaxBuffer >> 20} MB.");
                }

                Array.Resize(ref _bytes, _bytes.Length * 2);
            }

            int read;
            try
            {
                read = stream.Read(_bytes, _length, _bytes.Length - _length);
            }
            catch (System.Text.DecoderFallbackException)
            {
                // Only a transcoding stream (--encoding gbk) decodes while reading.
                throw new ImportFileException("encoding", "The file is not valid in the encoding given (--encoding): it holds bytes that encoding cannot decode.");
            }

            _length += read;
            Eof = read == 0;
            return read > 0 || _length > Position;
        }

        /// <summary>Skips whitespace and commas; false at the end of the data.</summary>
        public bool SkipSeparators()
        {
            while (true)
            {
                while (Position < _length && _bytes[Position] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',')
                {
                    Position++;
                }

                if (Position < _length)
                {
                    return true;
                }

                Start = Position;
                if (!Grow() && Position >= _length)
                {
                    return false;
                }
            }
        }

        public SourceRow NextFeature(int row)
        {
            Start = Position;
            while (true)
            {
                var consumed = Measure(row);
                if (consumed > 0)
                {
                    var bytes = _bytes.AsSpan(Position, consumed);
                    if (!System.Text.Unicode.Utf8.IsValid(bytes))
                    {
                        // Else the bad text surfaces deep in validation as "cannot transcode invalid UTF-8", naming nothing.
                        throw new ImportFileException("encoding", "This feature's text is not valid UTF-8, which GeoJSON always is (RFC 8259). " +
                            "Chinese software sometimes writes GBK: import it again with --encoding gbk (API: encoding=gbk), or save it as UTF-8.", row);
                    }

                    var feature = ParseFeature(bytes, row);
                    Position += consumed;
                    Start = Position;
                    return feature;
                }

                if (!Grow())
                {
                    throw new ImportFileException("file", "The file ends inside a feature.", row);
                }
            }
        }

        private int Measure(int row)
        {
            try
            {
                var reader = new Utf8JsonReader(_bytes.AsSpan(Position, _length - Position), Eof, default);
                return reader.Read() && reader.TrySkip() ? (int)reader.BytesConsumed : 0;
            }
            catch (JsonException e)
            {
                throw new ImportFileException("file", $"Feature {row} is not valid JSON: {e.Message}", row);
            }
        }
    }
}
