using System.Collections.Concurrent;
using Infra.Api.Data;
using Infra.Api.Hosting;
using Infra.Domain.Coverage;
using Infra.Map;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.MapHost;

/// <summary>
/// The Api's side of the map's one seam (<see cref="IMapSource"/>): its database, its data set, and coverage
/// on a date from the domain's <see cref="CoverageEngine"/> over every place and asset. Inputs are read once
/// per data version (<see cref="AssetChanges.Version"/>) and results kept for a few recent dates, because the
/// viewer's date slider asks for many dates in a row.
/// </summary>
public sealed class MapSource(DatabaseEndpoint endpoint, IServiceScopeFactory scopes, AssetChanges changes) : IMapSource
{
    private const int DatesKept = 16;
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly ConcurrentDictionary<DateOnly, Lazy<Task<MapCoverage>>> _results = new();
    private (long Version, CoverageInput Input)? _input;
    private MapDataSet? _dataSet;

    public string ConnectionString => endpoint.ConnectionString;

    public async Task<MapDataSet> DataSetAsync(CancellationToken ct)
    {
        if (_dataSet is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
            var set = await db.DataSets.AsNoTracking().OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
            _dataSet = set is null ? new MapDataSet("no data set loaded", false) : new MapDataSet(set.Name, set.IsDemo);
        }

        return _dataSet;
    }

    public async Task<MapCoverage> CoverageAsync(DateOnly asOf, CancellationToken ct)
    {
        var input = await InputAsync(ct);
        var lazy = _results.GetOrAdd(asOf, d => new Lazy<Task<MapCoverage>>(() => Task.Run(() =>
        {
            var result = CoverageEngine.Evaluate(input, d, CoverageOptions.Default);
            return new MapCoverage(result, CoverageSummary.From(result));
        })));
        var coverage = await lazy.Value.WaitAsync(ct);
        if (!ReferenceEquals(coverage.Result.Input, input))
        {
            // Computed from an input a change has since replaced: compute again from the current one.
            _results.TryRemove(new KeyValuePair<DateOnly, Lazy<Task<MapCoverage>>>(asOf, lazy));
            return await CoverageAsync(asOf, ct);
        }

        while (_results.Count > DatesKept && _results.Keys.FirstOrDefault(k => k != asOf) is var old && old != default)
        {
            _results.TryRemove(old, out _);
        }

        return coverage;
    }

    private async Task<CoverageInput> InputAsync(CancellationToken ct)
    {
        var version = changes.Version;
        if (_input is { } cached && cached.Version == version)
        {
            return cached.Input;
        }

        await _loading.WaitAsync(ct);
        try
        {
            if (_input is { } again && again.Version == version)
            {
                return again.Input;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
            var input = new CoverageInput
            {
                Villages = await db.Villages.AsNoTracking().OrderBy(v => v.Code).ToListAsync(ct),
                Townships = await db.Townships.AsNoTracking().OrderBy(t => t.Code).ToListAsync(ct),
                Stations = await db.BaseStations.AsNoTracking().ToListAsync(ct),
                AccessPoints = await db.AccessPoints.AsNoTracking().ToListAsync(ct),
                SwitchingNodes = await db.SwitchingNodes.AsNoTracking().ToListAsync(ct),
                Transmitters = await db.Transmitters.AsNoTracking().ToListAsync(ct),
                FiberRoutes = await db.FiberRoutes.AsNoTracking().ToListAsync(ct),
                Filings = await db.ServiceFilings.AsNoTracking().ToListAsync(ct),
                CarrierCodes = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct),
            };
            _input = (version, input);
            _results.Clear();
            return input;
        }
        finally
        {
            _loading.Release();
        }
    }
}

/// <summary>Wires the map into the host: its seam, and every committed change forwarded to the tile cache.</summary>
public static class MapWiring
{
    public static IServiceCollection AddInfraMapHost(this IServiceCollection services)
    {
        services.AddInfraMap();
        services.AddSingleton<MapSource>();
        services.AddSingleton<IMapSource>(sp => sp.GetRequiredService<MapSource>());
        return services;
    }

    /// <summary>Called once at start: from then on every published change drops the tiles it touches.</summary>
    public static void ForwardChangesToTiles(IServiceProvider services)
    {
        var tiles = services.GetRequiredService<Infra.Map.Tiles.TileService>();
        services.GetRequiredService<AssetChanges>().Subscribe(batch =>
            tiles.ApplyAsync([.. batch.Select(c => new Infra.Map.Tiles.TileChange(c.Layer, c.Before?.EnvelopeInternal, c.After?.EnvelopeInternal, c.ReachM))],
                CancellationToken.None).GetAwaiter().GetResult());
    }
}
