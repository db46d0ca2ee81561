using Infra.Domain.Coverage;
using Infra.Domain.Plans;
using Microsoft.Extensions.Options;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Npgsql;
using NpgsqlTypes;

namespace Infra.Map.Tiles;

/// <summary>
/// Builds tiles with PostGIS and keeps them in the <see cref="TileCache"/>; drops exactly the tiles a
/// committed change touches (<see cref="Apply"/>), which martin cannot know (its issue #288) and we can,
/// because every write announces itself.
/// </summary>
public sealed class TileService(IMapSource source, TileCache cache, IOptions<MapOptions> options)
{
    private readonly SemaphoreSlim _regionsGate = new(1, 1);
    private Dictionary<string, List<(string Code, Envelope Box)>>? _regions;
    private string? _connectionString;

    public TileCache Cache => cache;

    public MapOptions Options => options.Value;

    /// <summary>The tile, from the cache or built; <c>Hit</c> says which.</summary>
    public async Task<(Tile Tile, bool Hit)> GetAsync(TileLayer layer, int z, int x, int y, DateOnly asOf, CancellationToken ct)
    {
        var key = new TileKey(layer.Name, z, x, y, asOf);
        if (cache.TryGet(key, out var cached))
        {
            return (cached, true);
        }

        var generation = cache.Generation;
        var bytes = await BuildAsync(layer, z, x, y, asOf, ct);
        var tile = Tile.Of(bytes);
        cache.Put(key, tile, generation);
        return (tile, false);
    }

    /// <summary>The encoded tile straight from the database (no cache).</summary>
    public async Task<byte[]> BuildAsync(TileLayer layer, int z, int x, int y, DateOnly asOf, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(TileConnectionString);
        await conn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(layer.Sql, conn);
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
        cmd.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = asOf, NpgsqlDbType = NpgsqlDbType.Date });
        switch (layer.Inputs)
        {
            case TileInputs.VillageCoverage:
                await AddVillageCoverageAsync(cmd, z, x, y, asOf, ct);
                break;
            case TileInputs.RegionShares:
                await AddRegionSharesAsync(cmd, layer.Name, TileMath.Envelope(z, x, y, 128.0 / 4096), asOf, ct);
                break;
        }

        return (byte[]?)await cmd.ExecuteScalarAsync(ct) ?? [];
    }

    /// <summary>
    /// Tile queries are few and long, so their plans are kept: Npgsql prepares a statement once it has run twice on a
    /// connection. Planning the station layer alone took ~50 ms, more than running it (docs/PERFORMANCE.md).
    /// </summary>
    private string TileConnectionString => _connectionString ??= new NpgsqlConnectionStringBuilder(source.ConnectionString)
    {
        MaxAutoPrepare = 32,
        AutoPrepareMinUsages = 2,
    }.ConnectionString;

    private async Task AddVillageCoverageAsync(NpgsqlCommand cmd, int z, int x, int y, DateOnly asOf, CancellationToken ct)
    {
        var coverage = await source.CoverageAsync(asOf, ct);
        var result = coverage.Result;
        var index = VillageIndex.For(result);
        var codes = new List<string>();
        var bits = new List<int>();
        foreach (var v in index.Query(TileMath.Envelope(z, x, y, 64.0 / 4096)))
        {
            var village = result.Villages[v];
            if (z < 11 && village.Kind != Domain.Regions.VillageKind.Administrative)
            {
                continue;
            }

            var mask = 0;
            for (var s = 0; s < CoverageRules.VillageServices.Count; s++)
            {
                mask |= result.IsServed(v, CoverageRules.VillageServices[s]) ? 1 << s : 0;
            }

            codes.Add(village.Code);
            bits.Add(mask);
        }

        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. codes] });
        cmd.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. bits] });
    }

    /// <summary>
    /// The shares of the regions whose box meets the tile (with a margin wider than the SQL's), not of all of them:
    /// nationally that is 45,584 townships, and sending seven arrays of that length with every tile cost ~300 ms a tile
    /// (docs/PERFORMANCE.md). Regions are written only when a data set is loaded, so their boxes are read once.
    /// </summary>
    private async Task AddRegionSharesAsync(NpgsqlCommand cmd, string table, Envelope tile, DateOnly asOf, CancellationToken ct)
    {
        var summary = (await source.CoverageAsync(asOf, ct)).Summary;
        var regions = table == "counties" ? summary.Counties : summary.Townships;
        var inTile = (await RegionsAsync(table, ct)).Where(r => r.Box.Intersects(tile) && regions.ContainsKey(r.Code)).Select(r => regions[r.Code]).ToList();
        cmd.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. inTile.Select(r => r.Code)] });
        foreach (var service in CoverageRules.VillageServices)
        {
            cmd.Parameters.Add(new NpgsqlParameter<double?[]> { TypedValue = [.. inTile.Select(r => MapShares.Share(r, service))] });
        }
    }

    /// <summary>
    /// Drops the tiles the changes touch: a layer's own tiles where the record was and is (stations with their
    /// footprint), coverage layers within the record's reach, and a region's tiles wherever the region lies
    /// when its share can have moved.
    /// </summary>
    public async Task ApplyAsync(IReadOnlyList<TileChange> changes, CancellationToken ct)
    {
        foreach (var layer in TileLayers.All)
        {
            var touched = new List<Envelope>();
            foreach (var change in changes.Where(c => layer.Changes.Contains(c.Layer)))
            {
                foreach (var e in new[] { change.Before, change.After })
                {
                    if (e is not null)
                    {
                        touched.Add(layer.ByReach ? TileMath.Expand(e, change.ReachM) : e);
                    }
                }
            }

            if (touched.Count == 0)
            {
                continue;
            }

            if (layer.Inputs == TileInputs.RegionShares)
            {
                touched = (await RegionsAsync(layer.Name, ct)).Where(r => touched.Any(r.Box.Intersects)).Select(r => r.Box).ToList();
            }

            cache.Invalidate(layer.Name, touched);
        }
    }

    private async Task<List<(string Code, Envelope Box)>> RegionsAsync(string table, CancellationToken ct)
    {
        if (_regions is null)
        {
            await _regionsGate.WaitAsync(ct);
            try
            {
                if (_regions is null)
                {
                    var all = new Dictionary<string, List<(string, Envelope)>>();
                    await using var conn = new NpgsqlConnection(source.ConnectionString);
                    await conn.OpenAsync(ct);
                    foreach (var t in new[] { "counties", "townships" })
                    {
                        var list = all[t] = [];
                        await using var cmd = new NpgsqlCommand(
                            $"SELECT code, ST_XMin(boundary), ST_XMax(boundary), ST_YMin(boundary), ST_YMax(boundary) FROM {t}", conn);
                        await using var r = await cmd.ExecuteReaderAsync(ct);
                        while (await r.ReadAsync(ct))
                        {
                            list.Add((r.GetString(0), new Envelope(r.GetDouble(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4))));
                        }
                    }

                    _regions = all;
                }
            }
            finally
            {
                _regionsGate.Release();
            }
        }

        return _regions[table];
    }
}

/// <summary>Which share of a region each service's colour shows: the one the plan's target for that service counts.</summary>
public static class MapShares
{
    /// <summary>
    /// Mobile and broadband: administrative villages (村村上宽带); phone and cable TV: natural villages
    /// (自然村通话率, 自然村贯通有线电视); radio and TV: population (综合人口覆盖率). 0–1, null with nothing to count.
    /// </summary>
    public static PlaceGroup GroupOf(Service service) => service switch
    {
        Service.Mobile or Service.Broadband => PlaceGroup.Administrative,
        Service.Phone or Service.CableTv => PlaceGroup.Natural,
        _ => PlaceGroup.Populated,
    };

    public static double? Share(RegionSummary region, Service service)
    {
        var tally = region[service, GroupOf(service)];
        return GroupOf(service) == PlaceGroup.Populated ? tally.PopulationShare : tally.Share;
    }
}

/// <summary>Villages of one coverage result in an R-tree, built once per result, to find a tile's villages quickly.</summary>
internal sealed class VillageIndex
{
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CoverageResult, VillageIndex> Indexes = [];
    private readonly STRtree<int> _tree = new();

    private VillageIndex(CoverageResult result)
    {
        for (var v = 0; v < result.Villages.Count; v++)
        {
            var p = result.Villages[v].Location;
            _tree.Insert(new Envelope(p.X, p.X, p.Y, p.Y), v);
        }

        _tree.Build();
    }

    public static VillageIndex For(CoverageResult result) => Indexes.GetValue(result, r => new VillageIndex(r));

    public IList<int> Query(Envelope box) => _tree.Query(box);
}
