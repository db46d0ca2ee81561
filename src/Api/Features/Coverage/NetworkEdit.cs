using Infra.Api.Data;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Coverage;

/// <summary>
/// The records a change batch names, as the database holds them after the commit: by id, null where the record is
/// gone from coverage's view (withdrawn — the query filter hides it).
/// </summary>
public sealed record ChangedRecords(
    IReadOnlyDictionary<long, BaseStation?> Stations,
    IReadOnlyDictionary<long, AccessPoint?> AccessPoints,
    IReadOnlyDictionary<long, SwitchingNode?> SwitchingNodes,
    IReadOnlyDictionary<long, BroadcastTransmitter?> Transmitters,
    IReadOnlyDictionary<long, FiberRoute?> FiberRoutes,
    IReadOnlyDictionary<long, ServiceFiling?> Filings)
{
    /// <summary>The layers (AssetChange.Layer) whose records coverage reads; a change of any other kind needs a full reload.</summary>
    public static IReadOnlySet<string> Layers { get; } = new HashSet<string>(StringComparer.Ordinal)
        { "base-stations", "access-points", "switching-nodes", "transmitters", "fiber-routes", "service-filings" };

    public static async Task<ChangedRecords> LoadAsync(InfraDb db, IReadOnlyList<AssetChange> batch, CancellationToken ct)
    {
        long[] Ids(string layer) => [.. batch.Where(c => c.Layer == layer).Select(c => c.Id).Distinct()];

        async Task<IReadOnlyDictionary<long, T?>> ReadAsync<T>(IQueryable<T> set, string layer, Func<T, long> id)
            where T : class
        {
            var ids = Ids(layer);
            if (ids.Length == 0)
            {
                return new Dictionary<long, T?>();
            }

            var found = (await set.AsNoTracking().Where(r => ids.Contains(EF.Property<long>(r, "Id"))).ToListAsync(ct)).ToDictionary(id);
            return ids.ToDictionary(i => i, i => found.GetValueOrDefault(i));
        }

        return new ChangedRecords(
            await ReadAsync(db.BaseStations, "base-stations", a => a.Id),
            await ReadAsync(db.AccessPoints, "access-points", a => a.Id),
            await ReadAsync(db.SwitchingNodes, "switching-nodes", a => a.Id),
            await ReadAsync(db.Transmitters, "transmitters", a => a.Id),
            await ReadAsync(db.FiberRoutes, "fiber-routes", a => a.Id),
            await ReadAsync(db.ServiceFilings, "service-filings", f => f.Id));
    }
}

/// <summary>
/// Applies changed records to a coverage input the way <see cref="CoverageEngine.Update"/> expects: a changed record
/// replaced in place, a new one appended, a gone one replaced by the list's last record (so no other position moves),
/// and the <see cref="CoverageChange"/> of every position that differs. Records are matched by id, so applying the same
/// records twice changes nothing the second time.
/// </summary>
public static class NetworkEdit
{
    /// <param name="carrier">For one carrier's input: other carriers' records are left out (and removed if a record changed hands).</param>
    public static (CoverageInput Input, IReadOnlyList<CoverageChange> Changes) Apply(CoverageInput input, ChangedRecords records, short? carrier)
    {
        var changes = new List<CoverageChange>();
        bool Keep(short owner) => carrier is null || owner == carrier;
        var edited = input with
        {
            Stations = Edit(input.Stations, records.Stations, CoverageRecord.BaseStation, a => a.Id, a => Keep(a.CarrierId), changes),
            AccessPoints = Edit(input.AccessPoints, records.AccessPoints, CoverageRecord.AccessPoint, a => a.Id, a => Keep(a.CarrierId), changes),
            SwitchingNodes = Edit(input.SwitchingNodes, records.SwitchingNodes, CoverageRecord.SwitchingNode, a => a.Id, a => Keep(a.CarrierId), changes),
            Transmitters = Edit(input.Transmitters, records.Transmitters, CoverageRecord.BroadcastTransmitter, a => a.Id, a => Keep(a.CarrierId), changes),
            FiberRoutes = Edit(input.FiberRoutes, records.FiberRoutes, CoverageRecord.FiberRoute, a => a.Id, a => Keep(a.CarrierId), changes),
            Filings = Edit(input.Filings, records.Filings, CoverageRecord.Filing, f => f.Id, f => Keep(f.CarrierId), changes),
        };
        return (edited, changes);
    }

    private static IReadOnlyList<T> Edit<T>(IReadOnlyList<T> list, IReadOnlyDictionary<long, T?> updates, CoverageRecord kind, Func<T, long> id,
        Func<T, bool> keep, List<CoverageChange> changes)
        where T : class
    {
        if (updates.Count == 0)
        {
            return list;
        }

        var positions = new Dictionary<long, int>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            positions[id(list[i])] = i;
        }

        var result = new List<T>(list);
        // Where each position's record stood in the old list (null for a new record).
        var origin = new List<int?>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            origin.Add(i);
        }

        var dirty = new SortedSet<int>();
        var removed = new List<int>();
        var added = new List<T>();
        foreach (var (key, record) in updates.OrderBy(u => u.Key))
        {
            var kept = record is not null && keep(record);
            if (positions.TryGetValue(key, out var p))
            {
                if (kept)
                {
                    result[p] = record!;
                    dirty.Add(p);
                }
                else
                {
                    removed.Add(p);
                }
            }
            else if (kept)
            {
                added.Add(record!);
            }
        }

        // From the highest position down, so the last record is never one still to be removed.
        foreach (var p in removed.OrderDescending())
        {
            changes.Add(new CoverageChange(kind, origin[p], null));
            dirty.Remove(p);
            var last = result.Count - 1;
            if (p != last)
            {
                (result[p], origin[p]) = (result[last], origin[last]);
                dirty.Remove(last);
                dirty.Add(p);
            }

            result.RemoveAt(last);
            origin.RemoveAt(last);
        }

        foreach (var record in added)
        {
            dirty.Add(result.Count);
            result.Add(record);
            origin.Add(null);
        }

        foreach (var p in dirty)
        {
            changes.Add(new CoverageChange(kind, origin[p], p));
        }

        return result;
    }
}
