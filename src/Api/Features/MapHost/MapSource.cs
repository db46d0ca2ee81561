using Infra.Api.Data;
using Infra.Api.Features.Coverage;
using Infra.Api.Hosting;
using Infra.Api.Http;
using Infra.Domain.Regions;
using Infra.Map;
using Infra.Map.Tiles;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.MapHost;

/// <summary>
/// The Api's side of the map's one seam (<see cref="IMapSource"/>): its database, its data set, and coverage
/// on a date from the <see cref="CoverageService"/> that the coverage and plan endpoints also use, so the map
/// and the numbers always agree.
/// </summary>
public sealed class MapSource(DatabaseEndpoint endpoint, IServiceScopeFactory scopes, CoverageService coverage) : IMapSource
{
    private MapDataSet? _dataSet;

    public string ConnectionString => endpoint.ConnectionString;

    public async Task<MapCoverage> CoverageAsync(DateOnly asOf, CancellationToken ct)
    {
        var snapshot = await coverage.GetAsync(asOf, ct);
        return new MapCoverage(snapshot.Result, snapshot.Summary);
    }

    public async Task<MapDataSet> DataSetAsync(CancellationToken ct)
    {
        if (_dataSet is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
            var set = await db.DataSets.AsNoTracking().OrderByDescending(d => d.Id).FirstOrDefaultAsync(ct);
            var bounds = await RegionBoundsAsync(db, ct);
            var cities = await db.Cities.AsNoTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal, ct);
            var (name, nameEn) = City.NameOf(cities, City.CodeOf(await db.Counties.Select(c => c.Code).ToListAsync(ct)));
            _dataSet = new MapDataSet(set?.Name ?? "no data set loaded", set?.IsDemo ?? false, bounds, name, nameEn);
        }

        return _dataSet;
    }

    /// <summary>The counties' extent with a margin (the whole world before any region is loaded).</summary>
    private static async Task<IReadOnlyList<double>> RegionBoundsAsync(InfraDb db, CancellationToken ct)
    {
        var extent = await db.Database.SqlQueryRaw<Geometry?>("SELECT ST_Extent(boundary)::geometry AS \"Value\" FROM counties").SingleAsync(ct);
        return extent?.EnvelopeInternal is { } e ? MapExtent.Around(e.MinX, e.MinY, e.MaxX, e.MaxY) : MapExtent.World;
    }

    /// <summary>A scenario's proposals for images, in their sequence; the same rows <c>/api/scenarios/{id}/assets</c> lists.</summary>
    public async Task<MapScenario?> ScenarioAsync(int id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
        var scenario = await db.Scenarios.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Id, s.Name, s.BaseDate }).FirstOrDefaultAsync(ct);
        if (scenario is null)
        {
            return null;
        }

        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var assets = await db.ProposedAssets.AsNoTracking().Where(a => a.ScenarioId == id).OrderBy(a => a.Sequence).ToListAsync(ct);
        return new MapScenario(scenario.Id, scenario.Name, scenario.BaseDate,
            [.. assets.Select(a => new MapProposal(WireNames.Of(a.Kind), carriers.GetValueOrDefault(a.CarrierId, "?"), a.Geometry, a.RadiusM))]);
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
        services.AddSingleton<Reports.IReportMap, CountyReportMap>();
        return services;
    }

    /// <summary>
    /// Called once at start. The coverage service subscribes first (it does so when created), so by the time a
    /// change drops tiles, coverage is already recomputing: a tile built after the drop never reads old coverage,
    /// and one built across it is not kept (<see cref="TileCache.Put"/>).
    /// </summary>
    public static void ForwardChangesToTiles(IServiceProvider services)
    {
        services.GetRequiredService<CoverageService>();
        var tiles = services.GetRequiredService<TileService>();
        services.GetRequiredService<AssetChanges>().Subscribe(batch =>
            tiles.ApplyAsync([.. batch.Select(c => new TileChange(c.Layer, c.Before, c.After, c.ReachM))],
                CancellationToken.None).GetAwaiter().GetResult());
    }
}
