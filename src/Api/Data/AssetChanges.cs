using Infra.Domain.Assets;
using NetTopologySuite.Geometries;

namespace Infra.Api.Data;

/// <summary>
/// What changed: one asset or filing, and the box of where it was and is, so caches can drop exactly what it touches
/// (the tile cache tests boxes; the coverage cache reloads the changed records by id). Boxes rather than geometries: an
/// import of 100,000 routes announces them all, and reading back their whole geometries only to take their boxes was
/// most of its announcing.
/// </summary>
/// <param name="Layer">The layer's wire name: base-stations, fiber-routes, switching-nodes, access-points, transmitters, service-filings.</param>
/// <param name="Id">The record's id.</param>
/// <param name="Before">The box of where the record was before the change (null for a create); for a filing, its village's point.</param>
/// <param name="After">The box of where it is after the change (null when withdrawn).</param>
/// <param name="ReachM">How far from its geometry the record can change coverage (its largest radius or reach), metres.</param>
public sealed record AssetChange(string Layer, long Id, Envelope? Before, Envelope? After, double ReachM);

/// <summary>
/// The one place writes announce themselves. Every write path (API, import, CLI) calls <see cref="Publish"/>
/// after its transaction commits; the coverage cache and the tile cache subscribe and drop only what the
/// change can touch. In-process: one Infra instance owns its caches (scale-out notes in docs/ARCHITECTURE.md).
/// </summary>
public sealed class AssetChanges
{
    private readonly List<Action<IReadOnlyList<AssetChange>>> _subscribers = [];
    private readonly Lock _gate = new();
    private long _version;

    /// <summary>Bumped by every publish: a cheap "has anything changed" for whole-data caches.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Whether anything listens: a CLI process has no caches, so it need not gather what an import changed.</summary>
    public bool HasSubscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count > 0;
            }
        }
    }

    public void Subscribe(Action<IReadOnlyList<AssetChange>> subscriber)
    {
        lock (_gate)
        {
            _subscribers.Add(subscriber);
        }
    }

    public void Publish(IReadOnlyList<AssetChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        Interlocked.Increment(ref _version);
        Action<IReadOnlyList<AssetChange>>[] subscribers;
        lock (_gate)
        {
            subscribers = [.. _subscribers];
        }

        foreach (var s in subscribers)
        {
            s(changes);
        }
    }

    /// <summary>The layer name of an asset kind, as used on the wire and in tiles.</summary>
    public static string LayerOf(AssetKind kind) => kind switch
    {
        AssetKind.BaseStation => "base-stations",
        AssetKind.FiberRoute => "fiber-routes",
        AssetKind.SwitchingNode => "switching-nodes",
        AssetKind.AccessPoint => "access-points",
        _ => "transmitters",
    };
}
