using Infra.Domain.Assets;
using Infra.Domain.Filings;

namespace Infra.Domain.Coverage;

public static partial class CoverageEngine
{
    /// <summary>Past this many assets added by updates (or grid cells replaced), an update evaluates everything again instead.</summary>
    private const int OverlayLimit = 4_096;

    /// <summary>
    /// The result of <paramref name="updatedInput"/> on the previous result's date and options, equal to
    /// <see cref="Evaluate"/> of it, re-evaluating only the places the changed records can reach: for an asset, the
    /// places within its largest reach before and after the change; for a fiber route, the places within reach of
    /// the access points it makes (or stops making) fiber-connected; for a filing, the places it names. The places and
    /// townships must be the very same lists as the previous input's (a change of places is a full evaluation).
    /// The previous result is not changed and stays valid.
    /// </summary>
    public static CoverageResult Update(CoverageResult previous, CoverageInput updatedInput, IReadOnlyList<CoverageChange> changes)
    {
        var old = previous.Index;
        if (!ReferenceEquals(updatedInput.Villages, old.Input.Villages) || !ReferenceEquals(updatedInput.Townships, old.Input.Townships))
        {
            throw new ArgumentException("An update keeps the same lists of places and townships; evaluate a new list of places in full.", nameof(updatedInput));
        }

        if (old.Stations.Added + old.Access.Added + old.Nodes.Added + old.Transmitters.Added + changes.Count > OverlayLimit ||
            old.Stations.Grid.OverlayCells + old.Stations.Wide.OverlayCells + old.Access.Grid.OverlayCells + old.Access.Wide.OverlayCells > 4 * OverlayLimit)
        {
            return Evaluate(updatedInput, old.AsOf, old.Options);
        }

        var touched = new List<Box>();
        var filed = new List<int>();
        var index = old.With(updatedInput, changes, touched, filed, out var fiberChanged);

        var found = new List<int>(filed);
        foreach (var box in touched)
        {
            index.Places.Grid.Query(box, index.Places.Lon, index.Places.Lat, found);
        }

        found.Sort();
        var places = new List<int>(found.Count);
        foreach (var v in found)
        {
            if (places.Count == 0 || places[^1] != v)
            {
                places.Add(v);
            }
        }

        var bases = previous.Table.CopyOnWrite(places);
        foreach (var v in places)
        {
            EvaluatePlace(index, v, bases.Of(v));
        }

        var townships = previous.TownshipsIfBuilt is { } table
            ? () => table.After(places, previous.Table, bases, index, fiberChanged)
            : (Func<TownshipTable>?)null;
        return new CoverageResult(index, bases, townships) { Reevaluated = places };
    }
}

internal sealed partial class CoverageIndex
{
    private CoverageIndex(CoverageIndex from, CoverageInput input)
    {
        (Input, AsOf, Options, Places, Filings) = (input, from.AsOf, from.Options, from.Places, from.Filings);
        (FiledOverlay, FilingBits, FiberForAccess, FiberForBackbone) = (from.FiledOverlay, from.FilingBits, from.FiberForAccess, from.FiberForBackbone);
        (Stations, Access, Nodes, Transmitters) = (from.Stations, from.Access, from.Nodes, from.Transmitters);
    }

    /// <summary>
    /// This index for <paramref name="input"/>, which differs from this index's input by <paramref name="changes"/>:
    /// collects the boxes whose places need evaluating again and the places whose filings changed.
    /// </summary>
    public CoverageIndex With(CoverageInput input, IReadOnlyList<CoverageChange> changes, List<Box> touched, List<int> filedPlaces, out bool fiberChanged)
    {
        var next = new CoverageIndex(this, input);
        var points = new Dictionary<CoverageRecord, (HashSet<int> Removed, SortedSet<int> Added)>();
        (HashSet<int>, SortedSet<int>) Of(CoverageRecord kind) => points.TryGetValue(kind, out var p) ? p : points[kind] = ([], []);

        var routes = changes.Where(c => c.Record == CoverageRecord.FiberRoute).ToList();
        fiberChanged = routes.Count > 0;
        if (fiberChanged)
        {
            next.FiberForAccess = new RouteIndex(input.FiberRoutes, r => r.Lifecycle.InServiceOn(AsOf), Options.FiberProximityM);
            next.FiberForBackbone = BackboneIndex(input, AsOf, Options);

            // Access points near a changed route may become (or stop being) fiber-connected: they change too.
            var near = routes.SelectMany(c => new[] { c.Before is { } b ? Input.FiberRoutes[b] : null, c.After is { } a ? input.FiberRoutes[a] : null })
                .OfType<FiberRoute>().Select(r => RouteBox(r, Options.FiberProximityM)).ToList();
            var (removed, added) = Of(CoverageRecord.AccessPoint);
            for (var a = 0; a < input.AccessPoints.Count; a++)
            {
                var at = input.AccessPoints[a].Location.Coordinate;
                if (!input.AccessPoints[a].FiberConnected && near.Any(b => b.MinLon <= at.X && at.X <= b.MaxLon && b.MinLat <= at.Y && at.Y <= b.MaxLat))
                {
                    removed.Add(a);
                    added.Add(a);
                }
            }
        }

        var filings = new Dictionary<int, List<int>>();
        foreach (var change in changes)
        {
            if (change.Record == CoverageRecord.Filing)
            {
                FilingChange(input, change, filings);
            }
            else if (change.Record != CoverageRecord.FiberRoute)
            {
                var (removed, added) = Of(change.Record);
                if (change.Before is { } b)
                {
                    removed.Add(b);
                }

                if (change.After is { } a)
                {
                    RequireCarrier(input, change.Record, a);
                    added.Add(a);
                }
            }
        }

        foreach (var (kind, (removed, added)) in points)
        {
            PointLayer.Maker make = kind switch
            {
                CoverageRecord.BaseStation => next.StationEntry,
                CoverageRecord.AccessPoint => next.AccessEntry,
                CoverageRecord.SwitchingNode => next.NodeEntry,
                _ => next.TransmitterEntry,
            };
            var entries = new List<PointEntry>();
            foreach (var a in added)
            {
                if (make(a, out var entry))
                {
                    entries.Add(entry);
                }
            }

            var layer = kind switch
            {
                CoverageRecord.BaseStation => Stations,
                CoverageRecord.AccessPoint => Access,
                CoverageRecord.SwitchingNode => Nodes,
                _ => Transmitters,
            };
            var updated = layer.With([.. removed], entries, touched);
            switch (kind)
            {
                case CoverageRecord.BaseStation: next.Stations = updated; break;
                case CoverageRecord.AccessPoint: next.Access = updated; break;
                case CoverageRecord.SwitchingNode: next.Nodes = updated; break;
                default: next.Transmitters = updated; break;
            }
        }

        if (filings.Count > 0)
        {
            var overlay = new Dictionary<int, int[]>(FiledOverlay);
            foreach (var (place, list) in filings)
            {
                list.Sort();
                overlay[place] = [.. list];
            }

            next.FiledOverlay = overlay;
            next.FilingBits = FilingBits.CopyOnWrite(filings.Keys);
            foreach (var place in filings.Keys)
            {
                next.FilingBits.Of(place)[0] = next.BitsOf(place);
                filedPlaces.Add(place);
            }
        }

        return next;
    }

    private void FilingChange(CoverageInput input, CoverageChange change, Dictionary<int, List<int>> filings)
    {
        List<int>? ListOf(ServiceFiling filing)
        {
            if (!Places.ByCode.TryGetValue(filing.VillageCode, out var place))
            {
                return null;
            }

            if (!filings.TryGetValue(place, out var list))
            {
                list = filings[place] = [.. FilingsOf(place)];
            }

            return list;
        }

        if (change.Before is { } b)
        {
            ListOf(Input.Filings[b])?.Remove(b);
        }

        if (change.After is { } a)
        {
            var filing = input.Filings[a];
            DomainException.Require(input.CarrierCodes.ContainsKey(filing.CarrierId), "filings",
                $"Filing {filing.Code} belongs to carrier {filing.CarrierId}, which has no carrier code.");
            ListOf(filing)?.Add(a);
        }
    }

    private static void RequireCarrier(CoverageInput input, CoverageRecord kind, int position)
    {
        Asset asset = kind switch
        {
            CoverageRecord.BaseStation => input.Stations[position],
            CoverageRecord.AccessPoint => input.AccessPoints[position],
            CoverageRecord.SwitchingNode => input.SwitchingNodes[position],
            _ => input.Transmitters[position],
        };
        DomainException.Require(input.CarrierCodes.ContainsKey(asset.CarrierId), kind.ToString(),
            $"Asset {asset.Code} belongs to carrier {asset.CarrierId}, which has no carrier code.");
    }

    private static Box RouteBox(FiberRoute route, double withinM)
    {
        var e = route.Route.EnvelopeInternal;
        return SphereBounds.Expand(new Box(e.MinX, e.MinY, e.MaxX, e.MaxY), withinM);
    }
}
