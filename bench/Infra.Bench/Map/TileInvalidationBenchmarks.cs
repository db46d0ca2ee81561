using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Infra.Map.Tiles;
using NetTopologySuite.Geometries;

namespace Infra.Bench.Map;

/// <summary>
/// What a bulk import's announcement costs the tile cache: 5,000 cached z12 tiles (113.0–117.3° E, 26.0–33.6° N), and
/// the envelopes of the records an import changed at 119–120° E (none meets a cached tile, so every tile is tested against
/// every envelope: the linear scan's worst case, and the common one when the import is elsewhere). The baseline is the
/// scan <see cref="TileCache.Invalidate"/> did before it put many envelopes in an STR-tree.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class TileInvalidationBenchmarks
{
    private readonly TileCache _cache = new(256);
    private readonly List<TileKey> _keys = [];
    private List<Envelope> _touched = [];

    [Params(100, 100_000)]
    public int Records { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var (x0, y0) = TileMath.TileAt(113.0, 33.6, 12);
        for (var i = 0; i < 5_000; i++)
        {
            var key = new TileKey("routes", 12, x0 + (i % 50), y0 + (i / 50), new DateOnly(2010, 12, 31));
            _keys.Add(key);
            _cache.Put(key, Tile.Of([1]), _cache.Generation);
        }

        // Route-sized envelopes (~3 × 1 km) east of the cached block.
        var rnd = new Random(7);
        _touched = [.. Enumerable.Range(0, Records).Select(_ =>
        {
            var lon = 119 + rnd.NextDouble();
            var lat = 32 + rnd.NextDouble();
            return new Envelope(lon, lon + 0.03, lat, lat + 0.01);
        })];
    }

    [Benchmark(Baseline = true, Description = "linear scan (before)")]
    public int LinearScan()
    {
        var dropped = 0;
        foreach (var key in _keys)
        {
            var envelope = TileMath.Envelope(key.Z, key.X, key.Y, 64.0 / 4096);
            if (_touched.Any(envelope.Intersects))
            {
                dropped++;
            }
        }

        return dropped;
    }

    [Benchmark(Description = "TileCache.Invalidate")]
    public int Invalidate() => _cache.Invalidate("routes", _touched);
}
