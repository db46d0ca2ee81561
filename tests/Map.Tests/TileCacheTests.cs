using Infra.Map.Tiles;
using NetTopologySuite.Geometries;

namespace Infra.Map.Tests;

/// <summary>A change drops exactly the cached tiles it touches, however many records it names (a bulk import names one per record).</summary>
public class TileCacheTests
{
    private static readonly DateOnly Day = new(2010, 12, 31);

    [Theory]
    [InlineData(2)]      // a few envelopes: each tile scans them
    [InlineData(5_000)]  // a bulk import's: each tile asks a tree of them
    public void A_change_drops_the_tiles_it_touches_and_no_other(int envelopes)
    {
        using var cache = new TileCache(16);
        // A 4 × 4 block of z12 tiles around Zhumadian, and the same tiles of another layer.
        var (x0, y0) = TileMath.TileAt(114.0, 33.0, 12);
        foreach (var layer in new[] { "stations", "routes" })
        {
            for (var x = x0; x < x0 + 4; x++)
            {
                for (var y = y0; y < y0 + 4; y++)
                {
                    cache.Put(new TileKey(layer, 12, x, y, Day), Tile.Of([1, 2, 3]), cache.Generation);
                }
            }
        }

        // One envelope inside tile (x0 + 1, y0 + 2), the rest far away (Xinjiang) and none of them near the block.
        var hit = TileMath.Envelope(12, x0 + 1, y0 + 2, -0.4);
        var touched = Enumerable.Range(0, envelopes - 1).Select(i => new Envelope(80 + (i % 100) * 0.01, 80.005 + (i % 100) * 0.01, 40 + i / 100 * 0.01, 40.005 + i / 100 * 0.01))
            .Append(hit).ToList();

        Assert.Equal(1, cache.Invalidate("stations", touched));
        Assert.False(cache.TryGet(new TileKey("stations", 12, x0 + 1, y0 + 2, Day), out _));
        Assert.True(cache.TryGet(new TileKey("stations", 12, x0 + 2, y0 + 2, Day), out _));
        Assert.True(cache.TryGet(new TileKey("routes", 12, x0 + 1, y0 + 2, Day), out _));
        Assert.Equal(31, cache.Count);

        // Nothing near: nothing dropped.
        Assert.Equal(0, cache.Invalidate("routes", touched.SkipLast(1).Append(new Envelope(70, 70.1, 30, 30.1)).ToList()));
        Assert.Equal(31, cache.Count);
    }
}
