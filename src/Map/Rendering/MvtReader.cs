using System.Text;

namespace Infra.Map.Rendering;

public enum MvtGeometryType
{
    Unknown = 0,
    Point = 1,
    LineString = 2,
    Polygon = 3,
}

/// <summary>A decoded feature: rings or parts in tile coordinates (0 … extent, y down) and its attributes.</summary>
public sealed record MvtFeature(ulong? Id, MvtGeometryType Type, IReadOnlyList<IReadOnlyList<(int X, int Y)>> Parts, IReadOnlyDictionary<string, object?> Attributes)
{
    public string? Text(string key) => Attributes.TryGetValue(key, out var v) ? v?.ToString() : null;

    public double? Number(string key) => Attributes.TryGetValue(key, out var v) && v is not null and not string and not bool ? Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture) : null;

    public bool Flag(string key) => Attributes.TryGetValue(key, out var v) && v is true;
}

public sealed record MvtLayer(string Name, int Extent, IReadOnlyList<MvtFeature> Features);

/// <summary>
/// Reads Mapbox Vector Tiles (spec 2.1) into tile coordinates, which is what the renderer draws from.
/// Hand-written (protobuf wire format, ~100 lines): NetTopologySuite's MVT reader converts every vertex
/// to lon/lat and needs a protobuf-net that does not restore cleanly with the rest of the build (NOTES.md).
/// </summary>
public static class MvtReader
{
    public static IReadOnlyList<MvtLayer> Read(ReadOnlySpan<byte> tile)
    {
        var layers = new List<MvtLayer>();
        var r = new Reader(tile);
        while (!r.End)
        {
            var (field, wire) = r.Key();
            if (field == 3 && wire == 2)
            {
                layers.Add(ReadLayer(r.Bytes()));
            }
            else
            {
                r.Skip(wire);
            }
        }

        return layers;
    }

    private static MvtLayer ReadLayer(ReadOnlySpan<byte> data)
    {
        string name = "";
        var extent = 4096;
        var keys = new List<string>();
        var values = new List<object?>();
        var raw = new List<(ulong? Id, List<uint> Tags, int Type, List<uint> Geometry)>();
        var r = new Reader(data);
        while (!r.End)
        {
            var (field, wire) = r.Key();
            switch (field)
            {
                case 1: name = Encoding.UTF8.GetString(r.Bytes()); break;
                case 2: raw.Add(ReadFeature(r.Bytes())); break;
                case 3: keys.Add(Encoding.UTF8.GetString(r.Bytes())); break;
                case 4: values.Add(ReadValue(r.Bytes())); break;
                case 5: extent = (int)r.Varint(); break;
                default: r.Skip(wire); break;
            }
        }

        var features = raw.Select(f =>
        {
            var attributes = new Dictionary<string, object?>();
            for (var i = 0; i + 1 < f.Tags.Count; i += 2)
            {
                attributes[keys[(int)f.Tags[i]]] = values[(int)f.Tags[i + 1]];
            }

            return new MvtFeature(f.Id, (MvtGeometryType)f.Type, Decode(f.Geometry), attributes);
        }).ToList();
        return new MvtLayer(name, extent, features);
    }

    private static (ulong?, List<uint>, int, List<uint>) ReadFeature(ReadOnlySpan<byte> data)
    {
        ulong? id = null;
        var tags = new List<uint>();
        var type = 0;
        var geometry = new List<uint>();
        var r = new Reader(data);
        while (!r.End)
        {
            var (field, wire) = r.Key();
            switch (field)
            {
                case 1: id = r.Varint(); break;
                case 2: Packed(r.Bytes(), tags); break;
                case 3: type = (int)r.Varint(); break;
                case 4: Packed(r.Bytes(), geometry); break;
                default: r.Skip(wire); break;
            }
        }

        return (id, tags, type, geometry);
    }

    private static object? ReadValue(ReadOnlySpan<byte> data)
    {
        var r = new Reader(data);
        object? value = null;
        while (!r.End)
        {
            var (field, wire) = r.Key();
            value = field switch
            {
                1 => Encoding.UTF8.GetString(r.Bytes()),
                2 => (double)BitConverter.Int32BitsToSingle((int)r.Fixed32()),
                3 => BitConverter.Int64BitsToDouble((long)r.Fixed64()),
                4 => (long)r.Varint(),
                5 => (long)r.Varint(),
                6 => ZigZag(r.Varint()),
                7 => r.Varint() != 0,
                _ => Skip(ref r, wire),
            };
        }

        return value;
    }

    private static object? Skip(ref Reader r, int wire)
    {
        r.Skip(wire);
        return null;
    }

    private static void Packed(ReadOnlySpan<byte> data, List<uint> into)
    {
        var r = new Reader(data);
        while (!r.End)
        {
            into.Add((uint)r.Varint());
        }
    }

    private static long ZigZag(ulong n) => (long)(n >> 1) ^ -(long)(n & 1);

    /// <summary>MoveTo / LineTo / ClosePath commands with zig-zag deltas into parts (a ring or line each, or one part of points).</summary>
    private static List<IReadOnlyList<(int X, int Y)>> Decode(List<uint> commands)
    {
        var parts = new List<IReadOnlyList<(int, int)>>();
        List<(int, int)>? current = null;
        int x = 0, y = 0, i = 0;
        while (i < commands.Count)
        {
            var command = commands[i] & 0x7;
            var count = (int)(commands[i] >> 3);
            i++;
            if (command == 7)
            {
                continue;
            }

            for (var k = 0; k < count && i + 1 < commands.Count; k++, i += 2)
            {
                x += (int)ZigZag(commands[i]);
                y += (int)ZigZag(commands[i + 1]);
                if (command == 1)
                {
                    current = [];
                    parts.Add(current);
                }

                current?.Add((x, y));
            }
        }

        return parts;
    }

    private ref struct Reader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _at;

        public readonly bool End => _at >= _data.Length;

        public (int Field, int Wire) Key()
        {
            var key = Varint();
            return ((int)(key >> 3), (int)(key & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = _data[_at++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            return value;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = (int)Varint();
            var slice = _data.Slice(_at, length);
            _at += length;
            return slice;
        }

        public uint Fixed32()
        {
            var v = BitConverter.ToUInt32(_data.Slice(_at, 4));
            _at += 4;
            return v;
        }

        public ulong Fixed64()
        {
            var v = BitConverter.ToUInt64(_data.Slice(_at, 8));
            _at += 8;
            return v;
        }

        public void Skip(int wire)
        {
            switch (wire)
            {
                case 0: Varint(); break;
                case 1: _at += 8; break;
                case 2: Bytes(); break;
                case 5: _at += 4; break;
                default: throw new InvalidDataException($"Unsupported protobuf wire type {wire} in a vector tile.");
            }
        }
    }
}
