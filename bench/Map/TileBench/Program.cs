using System.Diagnostics;
using System.Globalization;
using Infra.Api.Hosting;
using Infra.Map;
using Infra.Map.Tiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// The map benchmark's helper (bench/Map/run.sh drives it):
//   paths   --data-dir D --out FILE [--as-of 2010-12-31] [--per-zoom 120]   realistic z8–z14 tile paths of the asset layers
//   raw     --data-dir D --paths FILE [--seconds 20] [--connections 8]       the same tiles' SQL straight through Npgsql
//   fetch   --base URL --paths FILE --out DIR                                  the tiles as files, for nginx (204s are not written)
//   conninfo --data-dir D                                                     libpq parameters of the database, for MapServer
//   hold    --data-dir D                                                      keeps the private cluster up until stopped, so the Infra runs join it
var options = Args.Parse(args);
var verb = args.FirstOrDefault() ?? "help";
switch (verb)
{
    case "paths": await Paths(options); break;
    case "raw": await Raw(options); break;
    case "fetch": await Fetch(options); break;
    case "conninfo": Console.WriteLine(await ConnInfo(options)); break;
    case "hold": await Hold(options); break;
    default: Console.Error.WriteLine("verbs: paths, raw, fetch, conninfo (see bench/Map/README.md)"); return 2;
}

return 0;

static async Task<string> ConnectionString(Dictionary<string, string> o)
{
    // Joins the cluster Infra started in that data directory (PrivateCluster starts it only when it is not running).
    var cluster = await PrivateCluster.StartAsync(o["data-dir"], NullLogger.Instance, CancellationToken.None);
    return cluster.ConnectionString;
}

static async Task Hold(Dictionary<string, string> o)
{
    var cluster = await PrivateCluster.StartAsync(o["data-dir"], NullLogger.Instance, CancellationToken.None);
    var stop = new TaskCompletionSource();
    using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
    {
        c.Cancel = true;
        stop.TrySetResult();
    });
    Console.WriteLine("cluster ready");
    await stop.Task;
    await cluster.StopAsync();
}

static async Task<string> ConnInfo(Dictionary<string, string> o)
{
    var b = new NpgsqlConnectionStringBuilder(await ConnectionString(o));
    return $"host={b.Host} port={b.Port} dbname={b.Database} user={b.Username} password={b.Password}";
}

/// <summary>
/// Tiles where planners look: around villages (the map's subject), a fixed number per zoom from z8 to z14, each
/// for the four asset layers whose SQL has no coverage input. Seeded, so every run measures the same list.
/// </summary>
static async Task Paths(Dictionary<string, string> o)
{
    var asOf = o.GetValueOrDefault("as-of", "2010-12-31");
    var perZoom = int.Parse(o.GetValueOrDefault("per-zoom", "120"), CultureInfo.InvariantCulture);
    await using var conn = new NpgsqlConnection(await ConnectionString(o));
    await conn.OpenAsync();
    var points = new List<(double Lon, double Lat)>();
    await using (var cmd = new NpgsqlCommand("SELECT ST_X(location), ST_Y(location) FROM villages ORDER BY code", conn))
    await using (var r = await cmd.ExecuteReaderAsync())
    {
        while (await r.ReadAsync())
        {
            points.Add((r.GetDouble(0), r.GetDouble(1)));
        }
    }

    var random = new Random(20061231);
    var lines = new List<string>();
    string[] layers = ["base-stations", "fiber-routes", "switching-nodes", "access-points"];
    for (var z = 8; z <= 14; z++)
    {
        var tiles = new HashSet<(int, int)>();
        for (var tries = 0; tiles.Count < perZoom && tries < perZoom * 50; tries++)
        {
            var p = points[random.Next(points.Count)];
            tiles.Add(TileMath.TileAt(p.Lon, p.Lat, z));
        }

        foreach (var (x, y) in tiles)
        {
            // Only zooms a layer serves: below its minimum a tile is an instant 204 no client asks for.
            lines.AddRange(layers.Where(layer => z >= TileLayers.Find(layer)!.MinZoom).Select(layer => $"/tiles/{layer}/{z}/{x}/{y}.pbf?asOf={asOf}"));
        }
    }

    lines = [.. lines.OrderBy(_ => random.Next())];
    await File.WriteAllLinesAsync(o["out"], lines);
    Console.WriteLine($"{lines.Count} tile paths (z8–z14, {string.Join(", ", layers)}) from {points.Count} places → {o["out"]}");
}

/// <summary>The same tiles built by the same SQL through Npgsql, with no HTTP and no cache: the ceiling for a cold server.</summary>
static async Task Raw(Dictionary<string, string> o)
{
    var seconds = double.Parse(o.GetValueOrDefault("seconds", "20"), CultureInfo.InvariantCulture);
    var connections = int.Parse(o.GetValueOrDefault("connections", "8"), CultureInfo.InvariantCulture);
    var tiles = (await File.ReadAllLinesAsync(o["paths"])).Select(ParsePath).ToArray();
    var source = new SqlOnly(await ConnectionString(o));
    var service = new TileService(source, new TileCache(0), Options.Create(new MapOptions { TileCacheMb = 0 }));
    var latencies = new List<double>[connections];
    var byKind = new System.Collections.Concurrent.ConcurrentBag<(string Kind, double Ms)>();
    var next = -1;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
    {
        var mine = latencies[c] = [];
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var t = tiles[(int)((uint)Interlocked.Increment(ref next) % tiles.Length)];
            var start = Stopwatch.GetTimestamp();
            await service.BuildAsync(t.Layer, t.Z, t.X, t.Y, t.AsOf, CancellationToken.None);
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            mine.Add(ms);
            byKind.Add(($"{t.Layer.Name} z{t.Z}", ms));
        }
    }));
    var all = latencies.SelectMany(l => l).Order().ToArray();
    Breakdown(byKind);
    Console.WriteLine(FormattableString.Invariant(
        $"raw SQL: {all.Length} tiles in {clock.Elapsed.TotalSeconds:0.0} s, {all.Length / clock.Elapsed.TotalSeconds:0.0} tiles/s, p50 {all[all.Length / 2]:0.00} ms, p99 {all[(int)(all.Length * 0.99)]:0.00} ms ({connections} connections)"));
}

static void Breakdown(IEnumerable<(string Kind, double Ms)> samples)
{
    foreach (var g in samples.GroupBy(s => s.Kind).OrderByDescending(g => g.Max(s => s.Ms)).Take(8))
    {
        var ms = g.Select(s => s.Ms).Order().ToArray();
        Console.Error.WriteLine(FormattableString.Invariant($"  {g.Key,-22} n={ms.Length,5} p50 {ms[ms.Length / 2],8:0.00} ms  p99 {ms[(int)(ms.Length * 0.99)],8:0.00} ms"));
    }
}

static async Task Fetch(Dictionary<string, string> o)
{
    using var http = new HttpClient { BaseAddress = new Uri(o["base"]) };
    var written = 0;
    foreach (var path in await File.ReadAllLinesAsync(o["paths"]))
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var bytes = await response.Content.ReadAsByteArrayAsync();
        if (bytes.Length == 0)
        {
            continue;
        }

        var file = Path.Combine(o["out"], path.Split('?')[0].TrimStart('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllBytesAsync(file, bytes);
        written++;
    }

    Console.WriteLine($"{written} non-empty tiles written under {o["out"]}");
}

static (TileLayer Layer, int Z, int X, int Y, DateOnly AsOf) ParsePath(string path)
{
    var parts = path.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
    var asOf = DateOnly.Parse(path.Split("asOf=")[1], CultureInfo.InvariantCulture);
    return (TileLayers.Find(parts[1])!, int.Parse(parts[2], CultureInfo.InvariantCulture), int.Parse(parts[3], CultureInfo.InvariantCulture),
        int.Parse(parts[4].Replace(".pbf", "", StringComparison.Ordinal), CultureInfo.InvariantCulture), asOf);
}

/// <summary>The database only: the benchmark's layers take no coverage input, so asking for coverage is a mistake in the path list.</summary>
internal sealed class SqlOnly(string connectionString) : IMapSource
{
    public string ConnectionString => connectionString;

    public Task<MapCoverage> CoverageAsync(DateOnly asOf, CancellationToken ct) =>
        throw new InvalidOperationException("The raw-SQL benchmark covers the asset layers only; coverage layers need the running Infra.");

    public Task<MapDataSet> DataSetAsync(CancellationToken ct) => Task.FromResult(new MapDataSet("benchmark", false, MapExtent.World, "benchmark", "benchmark"));

    public Task<MapScenario?> ScenarioAsync(int id, CancellationToken ct) =>
        throw new InvalidOperationException("The raw-SQL benchmark serves tiles only; scenarios are drawn in images by the running Infra.");
}

internal static class Args
{
    public static Dictionary<string, string> Parse(string[] args)
    {
        var o = new Dictionary<string, string>();
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        return o;
    }
}
