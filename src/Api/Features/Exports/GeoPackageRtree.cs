using System.Buffers.Binary;
using System.Globalization;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Exports;

/// <summary>
/// The R-tree spatial index of a GeoPackage feature table (extension <c>gpkg_rtree_index</c>, spec 1.3 Annex F.3), built
/// once after the rows are in, by packing (sort-tile-recursive) rather than by inserting feature after feature.
/// <para>
/// Hand-written because nothing else does it: SQLite's rtree module inserts one entry at a time, rewriting a node and its
/// parents each time (~20–30 µs an entry: 1,000,000 stations took 25 s more to export with their index than without), and no
/// .NET library builds its tables. GDAL's GeoPackage driver packs its index the same way. The boxes wait in a temporary
/// table as the rows go in (SQLite sorts them on disk, so memory holds one slice of √n nodes, not the layer); then the
/// nodes are written straight into the module's own tables (<c>_node</c>, <c>_rowid</c>, <c>_parent</c>) in its format: each
/// node <see cref="NodeSize"/> bytes, a 2-byte depth (root only) and a 2-byte count, then per entry a 64-bit id and four
/// 32-bit floats (min x, max x, min y, max y) rounded outward as the module rounds them, all big-endian. SQLite's
/// <c>rtreecheck()</c> checks the result in the tests.
/// </para>
/// </summary>
public sealed class GeoPackageRtree : IAsyncDisposable
{
    private readonly SqliteConnection _conn;
    private readonly SqliteTransaction _tx;
    private readonly string _rtree;
    private readonly SqliteCommand _add;
    private readonly SqliteParameter[] _box;
    private long _count;

    private GeoPackageRtree(SqliteConnection conn, SqliteTransaction tx, string rtree, SqliteCommand add)
    {
        (_conn, _tx, _rtree, _add) = (conn, tx, rtree, add);
        _box = [.. add.Parameters.Cast<SqliteParameter>()];
    }

    /// <summary>Bytes per node, as the module chose when the virtual table was created (its root's length).</summary>
    private int NodeSize { get; set; }

    /// <summary>Entries per node: after the 4-byte header, 24 bytes an entry (SQLite caps it at 51).</summary>
    private int Fanout => (NodeSize - 4) / 24;

    /// <summary>Creates the index's virtual table for <paramref name="table"/>.<paramref name="column"/> and the temporary table its boxes wait in.</summary>
    public static async Task<GeoPackageRtree> CreateAsync(SqliteConnection conn, SqliteTransaction tx, string table, string column, CancellationToken ct)
    {
        var rtree = $"rtree_{table}_{column}";
        await ExecAsync(conn, tx, $"""
            CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, miny, maxy);
            CREATE TEMP TABLE rtree_boxes (id INTEGER PRIMARY KEY, minx REAL, maxx REAL, miny REAL, maxy REAL);
            """, ct);
        var add = conn.CreateCommand();
        add.Transaction = tx;
        add.CommandText = "INSERT INTO temp.rtree_boxes VALUES (@id, @minx, @maxx, @miny, @maxy)";
        foreach (var p in new[] { "@id", "@minx", "@maxx", "@miny", "@maxy" })
        {
            add.Parameters.AddWithValue(p, 0.0);
        }

        add.Prepare();
        return new GeoPackageRtree(conn, tx, rtree, add);
    }

    /// <summary>Notes feature <paramref name="id"/>'s box, to be indexed by <see cref="BuildAsync"/>.</summary>
    public async Task AddAsync(long id, Envelope box, CancellationToken ct)
    {
        (_box[0].Value, _box[1].Value, _box[2].Value, _box[3].Value, _box[4].Value) = (id, box.MinX, box.MaxX, box.MinY, box.MaxY);
        await _add.ExecuteNonQueryAsync(ct);
        _count++;
    }

    /// <summary>Packs every box noted into the index: leaves of boxes close together, then each level above from the one below.</summary>
    public async Task BuildAsync(CancellationToken ct)
    {
        NodeSize = Convert.ToInt32(await ScalarAsync($"SELECT length(data) FROM \"{_rtree}_node\" WHERE nodeno = 1", ct), CultureInfo.InvariantCulture);
        var fanout = Fanout;
        if (_count > 0)
        {
            await using var writer = new NodeWriter(this);
            var leaves = (_count + fanout - 1) / fanout;
            var nextNode = leaves == 1 ? 1L : 2L;
            var level = new List<Entry>();
            var slice = new List<Entry>();
            var sliceSize = (long)Math.Ceiling(Math.Sqrt(leaves)) * fanout;

            // Leaves: the boxes in vertical slices by their centres' x, each slice in runs by y.
            await using (var read = _conn.CreateCommand())
            {
                read.Transaction = _tx;
                read.CommandText = "SELECT id, minx, maxx, miny, maxy FROM temp.rtree_boxes ORDER BY minx + maxx";
                await using var rows = await read.ExecuteReaderAsync(ct);
                while (await rows.ReadAsync(ct))
                {
                    slice.Add(new Entry(rows.GetInt64(0), Down(rows.GetDouble(1)), Up(rows.GetDouble(2)), Down(rows.GetDouble(3)), Up(rows.GetDouble(4))));
                    if (slice.Count == sliceSize)
                    {
                        nextNode = await writer.PackAsync(slice, depth: 0, leaves == 1, nextNode, level, ct);
                    }
                }
            }

            nextNode = await writer.PackAsync(slice, depth: 0, leaves == 1, nextNode, level, ct);

            // The levels above, until one node holds them all: the root, node 1, which records the tree's depth.
            for (var depth = 1; level.Count > 1; depth++)
            {
                var children = level.OrderBy(e => e.MinX + e.MaxX).ToList();
                level = [];
                var isRoot = children.Count <= fanout;
                var size = (int)Math.Ceiling(Math.Sqrt(Math.Ceiling(children.Count / (double)fanout))) * fanout;
                foreach (var chunk in children.Chunk(size))
                {
                    nextNode = await writer.PackAsync([.. chunk], depth, isRoot, nextNode, level, ct);
                }
            }
        }

        await ExecAsync(_conn, _tx, "DROP TABLE temp.rtree_boxes", ct);
    }

    public ValueTask DisposeAsync() => _add.DisposeAsync();

    /// <summary>One entry of a node: a feature's id (in a leaf) or a child node's number, and its box as the module stores it.</summary>
    private readonly record struct Entry(long Id, float MinX, float MaxX, float MinY, float MaxY);

    /// <summary>The largest float not above <paramref name="d"/> (the module rounds a box's minimum down).</summary>
    private static float Down(double d)
    {
        var f = (float)d;
        return f > d ? MathF.BitDecrement(f) : f;
    }

    /// <summary>The smallest float not below <paramref name="d"/> (and a maximum up).</summary>
    private static float Up(double d)
    {
        var f = (float)d;
        return f < d ? MathF.BitIncrement(f) : f;
    }

    /// <summary>Writes nodes, their entries' places (<c>_rowid</c> for features, <c>_parent</c> for nodes) with three prepared statements.</summary>
    private sealed class NodeWriter : IAsyncDisposable
    {
        private readonly GeoPackageRtree _tree;
        private readonly SqliteCommand _node, _rowid, _parent;

        public NodeWriter(GeoPackageRtree tree)
        {
            _tree = tree;
            _node = Command($"INSERT OR REPLACE INTO \"{tree._rtree}_node\" (nodeno, data) VALUES (@a, @b)");
            _rowid = Command($"INSERT INTO \"{tree._rtree}_rowid\" (rowid, nodeno) VALUES (@a, @b)");
            _parent = Command($"INSERT INTO \"{tree._rtree}_parent\" (nodeno, parentnode) VALUES (@a, @b)");
        }

        private SqliteCommand Command(string sql)
        {
            var cmd = _tree._conn.CreateCommand();
            cmd.Transaction = _tree._tx;
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("@a", 0L);
            cmd.Parameters.AddWithValue("@b", 0L);
            cmd.Prepare();
            return cmd;
        }

        /// <summary>
        /// Writes <paramref name="slice"/> (sorted here by the centres' y) as nodes of up to the fan-out each, at
        /// <paramref name="depth"/> (0: leaves); each node's box joins <paramref name="above"/>. Clears the slice; returns the next free node number.
        /// </summary>
        public async Task<long> PackAsync(List<Entry> slice, int depth, bool isRoot, long nextNode, List<Entry> above, CancellationToken ct)
        {
            var fanout = _tree.Fanout;
            slice.Sort((a, b) => (a.MinY + a.MaxY).CompareTo(b.MinY + b.MaxY));
            foreach (var cells in slice.Chunk(fanout))
            {
                var node = isRoot ? 1 : nextNode++;
                var data = new byte[_tree.NodeSize];
                BinaryPrimitives.WriteUInt16BigEndian(data, (ushort)(isRoot ? depth : 0));
                BinaryPrimitives.WriteUInt16BigEndian(data.AsSpan(2), (ushort)cells.Length);
                var box = cells[0];
                for (var i = 0; i < cells.Length; i++)
                {
                    var c = cells[i];
                    var at = data.AsSpan(4 + (i * 24));
                    BinaryPrimitives.WriteInt64BigEndian(at, c.Id);
                    BinaryPrimitives.WriteSingleBigEndian(at[8..], c.MinX);
                    BinaryPrimitives.WriteSingleBigEndian(at[12..], c.MaxX);
                    BinaryPrimitives.WriteSingleBigEndian(at[16..], c.MinY);
                    BinaryPrimitives.WriteSingleBigEndian(at[20..], c.MaxY);
                    box = new Entry(node, Math.Min(box.MinX, c.MinX), Math.Max(box.MaxX, c.MaxX), Math.Min(box.MinY, c.MinY), Math.Max(box.MaxY, c.MaxY));
                    await RunAsync(depth == 0 ? _rowid : _parent, c.Id, node, ct);
                }

                await RunAsync(_node, node, data, ct);
                above.Add(box with { Id = node });
            }

            slice.Clear();
            return nextNode;
        }

        private static async Task RunAsync(SqliteCommand cmd, long a, object b, CancellationToken ct)
        {
            (cmd.Parameters[0].Value, cmd.Parameters[1].Value) = (a, b);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await _node.DisposeAsync();
            await _rowid.DisposeAsync();
            await _parent.DisposeAsync();
        }
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken ct)
    {
        await using var cmd = _conn.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = sql;
        return await cmd.ExecuteScalarAsync(ct);
    }

    private static async Task ExecAsync(SqliteConnection conn, SqliteTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
