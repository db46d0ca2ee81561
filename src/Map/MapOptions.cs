using System.ComponentModel.DataAnnotations;

namespace Infra.Map;

/// <summary>Settings under <c>Map:</c> (environment: <c>Map__TileCacheMb</c> …).</summary>
public sealed class MapOptions
{
    /// <summary>Bytes of encoded tiles kept in memory, in MiB; 0 turns the cache off (the benchmarks' "cold").</summary>
    [Range(0, 65_536)]
    public int TileCacheMb { get; set; } = 256;

    /// <summary>How long a browser or proxy may reuse a tile before revalidating it with its ETag.</summary>
    [Range(0, 86_400)]
    public int TileMaxAgeS { get; set; } = 30;
}
