using System.Collections.Concurrent;
using Infra.Api.Data;
using Infra.Domain;
using Infra.Domain.Coverage;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Coverage;

/// <summary>Everything coverage and targets read, loaded once from the database and replaced when a write is announced.</summary>
public sealed class NetworkSnapshot(CoverageInput input, IReadOnlyList<County> counties, IReadOnlyList<Carrier> carriers)
{
    public CoverageInput Input { get; } = input;

    public IReadOnlyList<County> Counties { get; } = counties;

    public IReadOnlyList<Carrier> Carriers { get; } = carriers;

    /// <summary>The prefecture-level cities of the data set, by code.</summary>
    public IReadOnlyDictionary<string, City> Cities { get; init; } = new Dictionary<string, City>();

    public RegionLocator Regions { get; private init; } = new(input.Townships);

    public IReadOnlyDictionary<string, Township> TownshipsByCode { get; private init; } = input.Townships.ToDictionary(t => t.Code, StringComparer.Ordinal);

    /// <summary>The same regions with an edited network (the places and townships are the same lists, so their look-ups are kept).</summary>
    public NetworkSnapshot With(CoverageInput edited) => new(edited, Counties, Carriers) { Cities = Cities, Regions = Regions, TownshipsByCode = TownshipsByCode };

    /// <summary>The name of the city-level region with this code (<c>CoverageSummary.City</c>, a plan's region): <see cref="City.NameOf"/>.</summary>
    public (string Name, string NameEn) CityName(string code) => City.NameOf(Cities, code);

    /// <summary>The same network with only one carrier's assets and filings (regions unchanged).</summary>
    public CoverageInput ForCarrier(short carrierId) => Input with
    {
        Stations = [.. Input.Stations.Where(a => a.CarrierId == carrierId)],
        AccessPoints = [.. Input.AccessPoints.Where(a => a.CarrierId == carrierId)],
        SwitchingNodes = [.. Input.SwitchingNodes.Where(a => a.CarrierId == carrierId)],
        Transmitters = [.. Input.Transmitters.Where(a => a.CarrierId == carrierId)],
        FiberRoutes = [.. Input.FiberRoutes.Where(a => a.CarrierId == carrierId)],
        Filings = [.. Input.Filings.Where(a => a.CarrierId == carrierId)],
    };
}

/// <summary>
/// A scenario as coverage sees it: its proposals as assets and a key that changes whenever the scenario does
/// (its id and last change), so cached results of an older version are never served.
/// </summary>
public sealed record ScenarioView(string Key, Infra.Domain.Planning.ProposedNetwork Proposals)
{
    public DateOnly BaseDate => Proposals.BaseDate;

    public static ScenarioView Of(Infra.Domain.Planning.Scenario s) => new($"{s.Id}:{s.UpdatedAt.UtcTicks}", s.ToAssets());
}

/// <summary>Coverage on one date (and optionally for one carrier), with its summary computed once.</summary>
public sealed class CoverageSnapshot(CoverageResult result)
{
    private readonly Lazy<CoverageSummary> _summary = new(() => CoverageSummary.From(result));
    private readonly Lazy<FiberLocator> _fibers = new(() => new FiberLocator(result.Input.FiberRoutes, result.AsOf));

    public DateOnly AsOf => Result.AsOf;

    public CoverageResult Result { get; } = result;

    public CoverageSummary Summary => _summary.Value;

    /// <summary>Fiber routes in service or under construction on the date, to find the nearest one to a place.</summary>
    public FiberLocator Fibers => _fibers.Value;

    /// <summary>
    /// Serialized answers computed from this snapshot, by query. They live exactly as long as the snapshot, so
    /// a change that replaces the snapshot can never leave a stale answer behind — which ASP.NET Core's output
    /// cache, keyed before the handler knows which snapshot it reads, could not promise without a race.
    /// </summary>
    public ConcurrentDictionary<string, byte[]> Responses { get; } = new(StringComparer.Ordinal);

    /// <summary>At most this many answers per snapshot (levels × service lists × counties × carriers actually asked).</summary>
    public const int MaxResponses = 512;
}

/// <summary>
/// Coverage for any date, computed in process (the measured choice: docs/PERFORMANCE.md) and cached per
/// (date, carrier). The network is read from the database once. When a write is announced through
/// <see cref="AssetChanges"/>, the changed records are read back by id, applied to the loaded network
/// (<see cref="NetworkEdit"/>) and every cached date is brought up to date with <see cref="CoverageEngine.Update"/>,
/// which re-evaluates only the places the changed records can reach. A batch too large for that, or of a kind
/// coverage does not read record by record, reloads the network and drops the cached dates instead.
/// Updates are chained lazily: they run, in order, when coverage is next asked for.
/// </summary>
public sealed class CoverageService
{
    private const int CachedDates = 64;

    /// <summary>
    /// Past this many changed records a batch reloads everything: the engine's own update gives up at 4,096 added
    /// entries (<c>CoverageEngine.OverlayLimit</c>) and evaluates in full, and reading thousands of records by id costs
    /// about what the full load does (measured: docs/PERFORMANCE.md, Coverage, "incremental vs reload"). Imports
    /// announce in batches of 10,000, so a bulk import reloads; API writes (one record each) update.
    /// </summary>
    public const int IncrementalLimit = 4_096;

    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<CoverageService> _log;
    private readonly ConcurrentDictionary<(DateOnly, short?, string?), Lazy<Task<CoverageSnapshot>>> _byDate = new();
    private readonly Lock _gate = new();
    private Lazy<Task<NetworkSnapshot>> _network;
    private long _incremental;
    private long _reloads;

    public CoverageService(IServiceScopeFactory scopes, AssetChanges changes, ILogger<CoverageService> log)
    {
        _scopes = scopes;
        _log = log;
        _network = new(LoadAsync);
        changes.Subscribe(OnChanges);
    }

    public CoverageOptions Options { get; } = CoverageOptions.Default;

    /// <summary>Change batches applied incrementally, and those that reloaded the network (for tests and logs).</summary>
    public (long Incremental, long Reloads) ChangeCounts => (Interlocked.Read(ref _incremental), Interlocked.Read(ref _reloads));

    public Task<NetworkSnapshot> NetworkAsync() => _network.Value;

    /// <summary>Coverage on a date: the whole network, one carrier's, or (with <paramref name="scenario"/>) the network with a scenario's proposals.</summary>
    public async Task<CoverageSnapshot> GetAsync(DateOnly asOf, CancellationToken ct, short? carrierId = null, ScenarioView? scenario = null)
    {
        // A bounded cache: past the bound it starts again (dates asked for together are recomputed in ~0.1 s each).
        if (_byDate.Count >= CachedDates)
        {
            _byDate.Clear();
        }

        var lazy = _byDate.GetOrAdd((asOf, carrierId, scenario?.Key), k => new Lazy<Task<CoverageSnapshot>>(() => ComputeAsync(k.Item1, k.Item2, scenario)));
        return await lazy.Value.WaitAsync(ct);
    }

    /// <summary>
    /// What target evaluation needs. Coverage for the given dates is computed first (in parallel, cached);
    /// the evaluator's synchronous look-ups then find finished results.
    /// </summary>
    public async Task<PlanContext> PlanContextAsync(IEnumerable<DateOnly> dates, CancellationToken ct, ScenarioView? scenario = null)
    {
        var network = await NetworkAsync().WaitAsync(ct);
        var input = scenario is null ? network.Input : Infra.Domain.Planning.Scenario.Apply(network.Input, scenario.Proposals);
        var ready = new ConcurrentDictionary<DateOnly, CoverageResult>();
        foreach (var snapshot in await Task.WhenAll(dates.Distinct().Select(d => GetAsync(d, ct, null, scenario))))
        {
            ready[snapshot.AsOf] = snapshot.Result;
        }

        return new PlanContext(input, network.Regions,
            d => ready.GetOrAdd(d, day => CoverageEngine.Evaluate(input, day, Options)), scenario?.Proposals);
    }

    private void OnChanges(IReadOnlyList<AssetChange> batch)
    {
        lock (_gate)
        {
            if (batch.Count > IncrementalLimit || batch.Any(c => !ChangedRecords.Layers.Contains(c.Layer)))
            {
                Interlocked.Increment(ref _reloads);
                _network = new(LoadAsync);
                _byDate.Clear();
                return;
            }

            Interlocked.Increment(ref _incremental);
            var before = _network;
            var delta = new Lazy<Task<NetworkDelta>>(() => ApplyAsync(before, batch));
            _network = new(async () => (await delta.Value).After);
            foreach (var (key, entry) in _byDate)
            {
                if (key.Item3 is not null)
                {
                    // A scenario's coverage is the network plus its proposals: evaluated afresh when next asked for.
                    _byDate.TryRemove(key, out _);
                    continue;
                }

                _byDate[key] = new(() => UpdateAsync(entry, delta, key.Item2));
            }
        }
    }

    /// <summary>The network before and after a batch, the records it changed, and the changes of the whole network's input.</summary>
    private sealed record NetworkDelta(NetworkSnapshot Before, NetworkSnapshot After, ChangedRecords Records, IReadOnlyList<CoverageChange> Changes);

    private async Task<NetworkDelta> ApplyAsync(Lazy<Task<NetworkSnapshot>> before, IReadOnlyList<AssetChange> batch)
    {
        var network = await before.Value;
        await using var scope = _scopes.CreateAsyncScope();
        var records = await ChangedRecords.LoadAsync(scope.ServiceProvider.GetRequiredService<InfraDb>(), batch, CancellationToken.None);
        var (input, changes) = NetworkEdit.Apply(network.Input, records, carrier: null);
        return new NetworkDelta(network, network.With(input), records, changes);
    }

    private async Task<CoverageSnapshot> UpdateAsync(Lazy<Task<CoverageSnapshot>> entry, Lazy<Task<NetworkDelta>> delta, short? carrierId)
    {
        var previous = (await entry.Value).Result;
        var d = await delta.Value;
        if (!ReferenceEquals(previous.Input.Villages, d.After.Input.Villages))
        {
            // Computed on a network a later full reload replaced: its places are other objects, so evaluate afresh.
            return await ComputeAsync(previous.AsOf, carrierId, null);
        }

        // The whole network's changes fit a result computed on that very input; any other (one carrier's, or one computed
        // on a newer network while the batch was announced) gets the same records applied to its own input, by id.
        var (input, changes) = carrierId is null && ReferenceEquals(previous.Input, d.Before.Input)
            ? (d.After.Input, d.Changes)
            : NetworkEdit.Apply(previous.Input, d.Records, carrierId);
        return await Task.Run(() => new CoverageSnapshot(CoverageEngine.Update(previous, input, changes)));
    }

    private async Task<CoverageSnapshot> ComputeAsync(DateOnly asOf, short? carrierId, ScenarioView? scenario)
    {
        var network = await NetworkAsync();
        var input = carrierId is { } id ? network.ForCarrier(id) : network.Input;
        input = scenario is null ? input : Infra.Domain.Planning.Scenario.Apply(input, scenario.Proposals);
        return await Task.Run(() => new CoverageSnapshot(CoverageEngine.Evaluate(input, asOf, Options)));
    }

    private async Task<NetworkSnapshot> LoadAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InfraDb>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var carriers = await db.Carriers.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        var input = new CoverageInput
        {
            Villages = await db.Villages.AsNoTracking().OrderBy(v => v.Code).ToListAsync(),
            Townships = await db.Townships.AsNoTracking().OrderBy(t => t.Code).ToListAsync(),
            Stations = await db.BaseStations.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            AccessPoints = await db.AccessPoints.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            SwitchingNodes = await db.SwitchingNodes.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            Transmitters = await db.Transmitters.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            FiberRoutes = await db.FiberRoutes.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            Filings = await db.ServiceFilings.AsNoTracking().OrderBy(f => f.Id).ToListAsync(),
            CarrierCodes = carriers.ToDictionary(c => c.Id, c => c.Code),
        };
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.Code).ToListAsync();
        var cities = await db.Cities.AsNoTracking().ToDictionaryAsync(c => c.Code, StringComparer.Ordinal);
        _log.LogInformation("Loaded the network for coverage ({Villages} places, {Stations} stations) in {Ms} ms",
            input.Villages.Count, input.Stations.Count, clock.ElapsedMilliseconds);
        return new NetworkSnapshot(input, counties, carriers) { Cities = cities };
    }
}
