using System.Buffers;
using System.Text;
using System.Text.Json;
using Infra.Api.Http;

namespace Infra.Api.Features.Exports;

/// <summary>
/// A feature's properties as the cells of a CSV row or a GeoPackage row, in the export's column order: the properties are
/// serialised once with the wire's options, so every format writes the values the GeoJSON has, and their top-level members
/// are read back with <see cref="Utf8JsonReader"/> into the columns they name. Strings are unescaped, numbers keep the JSON's
/// text (and bind as REAL), booleans are true/false (1/0), arrays and objects are their JSON. One instance per export, reused
/// for every row. Hand-written because the library's way, <c>JsonSerializer.SerializeToNode</c>, built a tree of nodes per row
/// and was most of an export's CPU.
/// </summary>
public sealed class PropertyCells
{
    /// <summary>One column's value of a row: the text CSV writes and the value a GeoPackage column binds (DBNull when absent).</summary>
    public readonly record struct Cell(string? Text, object Value)
    {
        public static readonly Cell Empty = new(null, DBNull.Value);
    }

    private readonly byte[][] _names;
    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public PropertyCells(IReadOnlyList<string> columns)
    {
        _names = [.. columns.Select(Encoding.UTF8.GetBytes)];
        _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Encoder = WireJson.Options.Encoder, SkipValidation = true });
        Values = new Cell[columns.Count];
    }

    /// <summary>The last row read, one cell per column.</summary>
    public Cell[] Values { get; }

    public void Read(object props)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        JsonSerializer.Serialize(_writer, props, props.GetType(), WireJson.Options);
        _writer.Flush();
        Array.Fill(Values, Cell.Empty);
        var json = _buffer.WrittenSpan;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidOperationException($"{props.GetType().Name} is not written as a JSON object.");
        }

        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = Find(ref reader, next);
            reader.Read();
            if (column < 0)
            {
                reader.Skip();
                continue;
            }

            next = column + 1;
            Values[column] = reader.TokenType switch
            {
                JsonTokenType.String => Text(reader.GetString()!),
                JsonTokenType.Number => new Cell(Encoding.UTF8.GetString(reader.ValueSpan), reader.GetDouble()),
                JsonTokenType.True => new Cell("true", 1),
                JsonTokenType.False => new Cell("false", 0),
                JsonTokenType.Null => Cell.Empty,
                _ => Text(Nested(ref reader, json)),
            };
        }
    }

    private static Cell Text(string s) => new(s, s);

    /// <summary>The JSON text of the array or object the reader is on, leaving the reader at its end.</summary>
    private static string Nested(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }

    /// <summary>The column the property names, or -1; members come in the same order row after row, so look from the last match on.</summary>
    private int Find(ref Utf8JsonReader reader, int from)
    {
        for (var k = 0; k < _names.Length; k++)
        {
            var i = (from + k) % _names.Length;
            if (reader.ValueTextEquals(_names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
