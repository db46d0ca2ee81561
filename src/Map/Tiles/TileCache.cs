using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace Infra.Map.Tiles;

/// <summary>A tile's identity: everything its bytes depend on.</summary>
public readonly record struct TileKey(string Layer, int Z, int X, int Y, DateOnly AsOf);

/// <summary>An encoded tile and its strong ETag (a hash of the bytes, so equal bytes always share a tag).</summary>
public sealed record Tile(byte[] Bytes, string ETag)
{
    public static Tile Of(byte[] bytes) =>
        new(bytes, $"\"{Convert.ToBase64String(SHA256.HashData(bytes), 0, 18).Replace('+', '-').Replace('/', '_')}\"");
}

/// <summary>
/// Encoded tiles in memory, bounded by their size in bytes (MemoryCache with a size limit evicts the least
/// recently used). A change drops exactly the tiles whose envelope it touches; the cache is never cleared
/// wholesale. A tile computed while a change arrived is served but not kept, so a slow query cannot put
/// pre-change bytes back after the change dropped them.
/// </summary>
public sealed class TileCache : IDisposable
{
    private readonly MemoryCache? _cache;
    private long _generation;
    private long _hits;
    private long _misses;

    public TileCache(int sizeMb)
    {
        if (sizeMb > 0)
        {
            _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = sizeMb * 1024L * 1024L, CompactionPercentage = 0.1 });
        }
    }

    public bool Enabled => _cache is not null;

    public long Hits => Interlocked.Read(ref _hits);

    public long Misses => Interlocked.Read(ref _misses);

    public int Count => _cache?.Count ?? 0;

    /// <summary>Changes seen so far; a tile is kept only if none arrived while it was built.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(TileKey key, out Tile tile)
    {
        if (_cache is not null && _cache.TryGetValue(key, out Tile? found) && found is not null)
        {
            Interlocked.Increment(ref _hits);
            tile = found;
            return true;
        }

        Interlocked.Increment(ref _misses);
        tile = null!;
        return false;
    }

    public void Put(TileKey key, Tile tile, long generationAtStart)
    {
        if (_cache is null || Generation != generationAtStart)
        {
            return;
        }

        // The key and entry overhead are small against a tile; an empty tile still costs its entry.
        _cache.Set(key, tile, new MemoryCacheEntryOptions { Size = tile.Bytes.Length + 128 });
    }

    /// <summary>Drops every cached tile of <paramref name="layer"/> whose envelope (with its 64/4096 buffer) meets one of the envelopes.</summary>
    public int Invalidate(string layer, IReadOnlyList<Envelope> touched)
    {
        Interlocked.Increment(ref _generation);
        if (_cache is null || touched.Count == 0)
        {
            return 0;
        }

        // Only this layer's tiles are tested, and none when there are none (an import's batches need no tree then).
        var cached = _cache.Keys.OfType<TileKey>().Where(k => k.Layer == layer).ToList();
        if (cached.Count == 0)
        {
            return 0;
        }

        var meets = Meets(touched);
        var dropped = 0;
        foreach (var key in cached)
        {
            var envelope = TileMath.Envelope(key.Z, key.X, key.Y, 64.0 / 4096);
            if (meets(envelope))
            {
                _cache.Remove(key);
                dropped++;
            }
        }

        return dropped;
    }

    /// <summary>
    /// Whether an envelope meets any of <paramref name="touched"/>. A bulk import touches one envelope per record: scanning
    /// them all for every cached tile cost tiles × records (5,000 tiles × 100,000 routes: 5·10⁸ tests), so past a few
    /// dozen they go into an STR-tree (NetTopologySuite's) and each tile asks it.
    /// </summary>
    private static Func<Envelope, bool> Meets(IReadOnlyList<Envelope> touched)
    {
        if (touched.Count <= 32)
        {
            return tile => touched.Any(tile.Intersects);
        }

        var tree = new STRtree<Envelope>();
        foreach (var e in touched)
        {
            tree.Insert(e, e);
        }

        tree.Build();
        return tile => tree.Query(tile).Count > 0;
    }

    public void Dispose() => _cache?.Dispose();
}
