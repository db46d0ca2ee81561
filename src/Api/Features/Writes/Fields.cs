using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Http;

namespace Infra.Api.Features.Writes;

/// <summary>
/// The attributes of one record as a sender gave them — a GeoJSON Feature's properties, a CSV row, a
/// shapefile's or GeoPackage's columns — read by name (case, '_' and '-' ignored, so <c>omni_radius_m</c>
/// and <c>omniRadiusM</c> are the same field) into typed values. Every value that does not parse adds an
/// error naming the field (and the row), so a caller reports all of a row's problems at once.
/// </summary>
public abstract class Fields
{
    protected Fields(int? row) => Row = row;

    public int? Row { get; }

    public List<FieldError> Errors { get; } = [];

    /// <summary>The raw value: a JSON node (GeoJSON), or text (CSV, DBF); null when absent or empty.</summary>
    protected abstract object? Raw(string name);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Keys = new(StringComparer.Ordinal);

    /// <summary>The normalized key of a field name the code asks for (a small, fixed set: cached).</summary>
    protected static string Key(string name) => Keys.GetOrAdd(name, Normalize);

    public static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (c is not ('_' or '-' or ' '))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..n]);
    }

    /// <summary>A JSON string's text, or null when it is not a string or cannot be text (an unpaired surrogate escape such as "\ud800").</summary>
    public static string? TextOf(JsonNode? node)
    {
        if (node is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return v.GetValue<string>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Why a JSON string is not text: .NET cannot read an unpaired surrogate escape into a string.</summary>
    protected const string NotText = "is not valid text: it holds an unpaired UTF-16 surrogate escape (\\uD800–\\uDFFF without its pair).";

    /// <summary>Records a problem; the first one per field is kept (a bad value should not also be reported as missing).</summary>
    public void Add(string field, string message)
    {
        if (!Errors.Exists(e => e.Field == field))
        {
            Errors.Add(new FieldError(field, message, Row));
        }
    }

    public bool Has(string name) => Raw(name) is not null;

    /// <summary>A list of codes, distinct: a JSON array of text, or text separated by ';' (as OFDS flattens a list into a CSV cell).</summary>
    public IReadOnlyList<string> Codes(string name)
    {
        if (Raw(name) is JsonArray list)
        {
            var texts = list.Select(TextOf).ToList();
            if (texts.Contains(null))
            {
                Add(name, "must be a list of text codes.");
                return [];
            }

            return [.. texts.Select(x => x!.Trim()).Where(x => x.Length > 0).Distinct()];
        }

        return Text(name) is { } text ? [.. text.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct()] : [];
    }

    /// <summary>Whether the field is the text <paramref name="value"/>. Records nothing: for telling what a file is from its first row.</summary>
    public bool Is(string name, string value) => Raw(name) switch
    {
        string s => s.Trim() == value,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => TextOf(v)?.Trim() == value,
        _ => false,
    };

    public string? Text(string name, int maxLength = 200)
    {
        var raw = Raw(name);
        var text = raw switch
        {
            null => null,
            string s => s,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => TextOf(v) ?? Bad<string>(name, NotText),
            JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
            _ => Bad<string>(name, "must be text"),
        };
        text = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
        {
            Add(name, Problems.NulMessage);
            return null;
        }

        if (text is not null && text.Length > maxLength)
        {
            Add(name, $"is at most {maxLength} characters (got {text.Length}).");
            return null;
        }

        return text;
    }

    public double? Number(string name)
    {
        var raw = Raw(name);
        switch (raw)
        {
            case null:
                return null;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                return v.GetValue<double>();
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                return TextOf(v) is { } number ? ParseNumber(name, number) : Bad<double?>(name, NotText);
            case string s:
                return ParseNumber(name, s);
            default:
                return Bad<double?>(name, "must be a number");
        }
    }

    public int? Integer(string name)
    {
        var d = Number(name);
        if (d is null)
        {
            return null;
        }

        if (d != Math.Floor(d.Value) || d is > int.MaxValue or < int.MinValue)
        {
            return Bad<int?>(name, $"must be a whole number (got {d.Value.ToString(CultureInfo.InvariantCulture)})");
        }

        return (int)d.Value;
    }

    public bool? Bool(string name)
    {
        var raw = Raw(name);
        var text = raw switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
            JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
            JsonValue v when v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number => v.ToString(),
            string s => s,
            _ => "?",
        };
        return text?.Trim().ToLowerInvariant() switch
        {
            null => null,
            "true" or "t" or "yes" or "y" or "1" or "是" => true,
            "false" or "f" or "no" or "n" or "0" or "否" => false,
            _ => Bad<bool?>(name, $"must be true or false (got '{text}')"),
        };
    }

    public DateOnly? Date(string name)
    {
        var text = Text(name, 40);
        if (text is null)
        {
            return null;
        }

        var date = YearFirstDay(text);
        if (date is null && text.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            date = DateOnly.FromDateTime(instant.UtcDateTime);
        }

        return date switch
        {
            null => Bad<DateOnly?>(name, $"must be a date, year first: YYYY-MM-DD or YYYY/MM/DD (got '{text}')"),
            { Year: < EarliestYear or > LatestYear } => Bad<DateOnly?>(name, $"{date:yyyy-MM-dd} is outside {EarliestYear}–{LatestYear}: a mistyped year?"),
            _ => date,
        };
    }

    /// <summary>
    /// The years a written date may have. This network's records begin late in the 20th century and plans look decades
    /// ahead, not centuries: a date outside is a mistyped year (0208 or 2800 for 2008), refused so that it cannot sit
    /// unseen before or after every as-of question. Checked where dates are read from senders, not in the domain,
    /// so that a record stored before the check still loads.
    /// </summary>
    public const int EarliestYear = 1900;

    /// <summary>The last year a written date may have (see <see cref="EarliestYear"/>).</summary>
    public const int LatestYear = 2100;

    /// <summary>
    /// A day written year first, then month and day, separated by '-' or '/' (the same both times), month and day of one
    /// or two ASCII digits: ISO's 2008-06-02, and 2008/06/02 or 2008/6/2 as GDAL's CSV driver (so QGIS's CSV export) and
    /// Chinese spreadsheets write dates. Day- or month-first dates are not read: 02/06/2008 is June in one country and
    /// February in another. Read by hand because <c>DateOnly.TryParseExact</c> costs ~50 µs a call here (measured with
    /// dotnet-trace on an import; it compares through the culture machinery), more than the rest of a row.
    /// </summary>
    private static DateOnly? YearFirstDay(string t)
    {
        if (t.Length is < 8 or > 10 || t[4] is not ('-' or '/'))
        {
            return null;
        }

        var second = t.IndexOf(t[4], 5);
        return second is 6 or 7 && t.Length - second - 1 is 1 or 2
            && int.TryParse(t.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && int.TryParse(t.AsSpan(5, second - 5), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            && int.TryParse(t.AsSpan(second + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            && year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                ? new DateOnly(year, month, day)
                : null;
    }

    /// <summary>An enum by its name in any common spelling: <c>td_scdma</c> (the wire's), <c>tdScdma</c>, <c>TD-SCDMA</c>.</summary>
    public TEnum? Enum<TEnum>(string name) where TEnum : struct, Enum
    {
        var text = Text(name, 40);
        if (text is null)
        {
            return null;
        }

        var key = Normalize(text);
        foreach (var value in System.Enum.GetValues<TEnum>())
        {
            if (Normalize(value.ToString()) == key)
            {
                return value;
            }
        }

        return Bad<TEnum?>(name, $"must be one of {string.Join(", ", System.Enum.GetNames<TEnum>().Select(JsonNamingPolicy.SnakeCaseLower.ConvertName))} (got '{text}')");
    }

    /// <summary>A structured value: a JSON node, or JSON written as text in a CSV cell.</summary>
    public JsonNode? Json(string name)
    {
        var raw = Raw(name);
        switch (raw)
        {
            case null:
                return null;
            case JsonNode n when n.GetValueKind() != JsonValueKind.String:
                return n;
            default:
                var text = raw is JsonNode s ? TextOf(s) ?? Bad<string>(name, NotText) : (string)raw;
                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException e)
                {
                    return Bad<JsonNode>(name, $"is not valid JSON: {e.Message}");
                }
        }
    }

    public T? Required<T>(T? value, string name) where T : struct
    {
        if (value is null && !Errors.Exists(e => e.Field == name))
        {
            Add(name, "is required.");
        }

        return value;
    }

    private double? ParseNumber(string name, string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)
            ? d
            : Bad<double?>(name, $"must be a number (got '{text}')");
    }

    private T? Bad<T>(string name, string message)
    {
        Add(name, message.EndsWith('.') || message.EndsWith(')') ? message : message + ".");
        return default;
    }
}

/// <summary>Fields of a JSON object (GeoJSON properties).</summary>
public sealed class JsonFields : Fields
{
    private readonly Dictionary<string, JsonNode?> _values = [];

    public JsonFields(JsonObject? properties, int? row = null) : base(row)
    {
        foreach (var (key, value) in properties ?? [])
        {
            _values[Normalize(key)] = value;
        }
    }

    /// <summary>Strings come out as text, read here once so that one the JSON cannot turn into text is this field's error, not a crash.</summary>
    protected override object? Raw(string name)
    {
        if (!_values.TryGetValue(Key(name), out var v) || v is null || v.GetValueKind() == JsonValueKind.Null)
        {
            return null;
        }

        if (v.GetValueKind() != JsonValueKind.String)
        {
            return v;
        }

        if (TextOf(v) is { } text)
        {
            return text;
        }

        Add(name, NotText);
        return null;
    }
}

/// <summary>Fields of a text row (CSV, DBF): one shared header map, one array of cells per row.</summary>
public sealed class TextFields(IReadOnlyDictionary<string, int> header, IReadOnlyList<string?> cells, int row) : Fields(row)
{
    public static Dictionary<string, int> Header(IEnumerable<string> names)
    {
        var map = new Dictionary<string, int>();
        var i = 0;
        foreach (var name in names)
        {
            map.TryAdd(Normalize(name), i++);
        }

        return map;
    }

    protected override object? Raw(string name) =>
        header.TryGetValue(Key(name), out var i) && i < cells.Count && !string.IsNullOrEmpty(cells[i]) ? cells[i] : null;
}
