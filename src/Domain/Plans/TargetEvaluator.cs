using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Regions;

namespace Infra.Domain.Plans;

/// <summary>
/// What target evaluation reads: the network and regions, and coverage on any date (cached by the caller); for a
/// scenario, which of the network's assets are its proposals.
/// </summary>
public sealed class PlanContext(CoverageInput network, RegionLocator regions, Func<DateOnly, CoverageResult> coverageOn,
    Planning.ProposedNetwork? proposals = null)
{
    public CoverageInput Network { get; } = network;

    /// <summary>A scenario's proposals (part of <see cref="Network"/>), or null for the network alone.</summary>
    public Planning.ProposedNetwork? Proposals { get; } = proposals;

    public RegionLocator Regions { get; } = regions;

    public CoverageResult CoverageOn(DateOnly asOf) => coverageOn(asOf);
}

/// <summary>
/// The value of a target on a date, for the whole plan region or one county. "New" metrics count what was
/// commissioned from the period's start to the earlier of the date and the period's end; level metrics
/// (totals, shares) are read on the date itself. Shares are percentages (0–100), like the goals.
/// </summary>
public static class TargetEvaluator
{
    public static double ValueOn(Target target, PlanContext context, DateOnly asOf, string? countyCode = null)
    {
        var f = target.Filter;
        var windowEnd = asOf < target.PeriodEnd ? asOf : target.PeriodEnd;
        return target.Metric switch
        {
            TargetMetric.NewAssetCount => NewAssets(target, context, windowEnd, countyCode).Count(),
            TargetMetric.NewFiberKm => NewFiberKm(target, context, windowEnd, countyCode),
            TargetMetric.CapacityAdded => Nodes(context, f, countyCode).Where(n => IsNew(context, n, target.PeriodStart, windowEnd)).Sum(n => (double)n.CapacityLines),
            TargetMetric.CapacityTotal => Nodes(context, f, countyCode).Where(n => n.Lifecycle.InServiceOn(asOf)).Sum(n => (double)n.CapacityLines),
            // Nothing is added before the period starts (the difference would be minus the subscribers of that day).
            TargetMetric.SubscribersAdded => windowEnd < target.PeriodStart!.Value ? 0 : Subscribers(context, f, countyCode, windowEnd) -
                (target.PeriodStart.Value == DateOnly.MinValue ? 0 : Subscribers(context, f, countyCode, target.PeriodStart.Value.AddDays(-1))),
            TargetMetric.VillageShare => VillageShare(context.CoverageOn(asOf), f, countyCode),
            TargetMetric.TownshipShare => TownshipShare(context.CoverageOn(asOf), f.Service!.Value, countyCode),
            TargetMetric.PopulationShare => PopulationShare(context.CoverageOn(asOf), f.Service!.Value, countyCode),
            _ => throw new DomainException("metric", $"Unknown metric {target.Metric}."),
        };
    }

    private static bool IsNew(Asset a, DateOnly? from, DateOnly to) =>
        a.Lifecycle.CommissionedOn is { } on && on >= from && on <= to;

    /// <summary>
    /// A scenario's proposal is what would be built next: it counts as new in every period still open on the
    /// scenario's base date (a plan made at the end of 2005 counts toward the 2006–2007 targets), never in one
    /// that had closed.
    /// </summary>
    private static bool IsNew(PlanContext context, Asset a, DateOnly? from, DateOnly to) =>
        context.Proposals is { } p && p.Contains(a) ? to >= p.BaseDate : IsNew(a, from, to);

    private static IEnumerable<Asset> NewAssets(Target target, PlanContext context, DateOnly to, string? county)
    {
        var f = target.Filter;
        IEnumerable<Asset> assets = f.AssetKind switch
        {
            AssetKind.BaseStation => context.Network.Stations.Where(s => Technology(f, s.Technology.ToString())),
            AssetKind.AccessPoint => context.Network.AccessPoints.Where(a => Technology(f, a.Technology.ToString()) && (!f.IntegratedOnly || a.Integrated)),
            AssetKind.SwitchingNode => context.Network.SwitchingNodes.Where(n => f.NodeKinds.Count == 0 || f.NodeKinds.Contains(n.NodeKind)),
            AssetKind.BroadcastTransmitter => context.Network.Transmitters,
            AssetKind.FiberRoute => context.Network.FiberRoutes,
            _ => [],
        };
        return assets.Where(a => IsNew(context, a, target.PeriodStart, to) && Carrier(context, f, a.CarrierId) && Where(context, f, a, county));
    }

    private static double NewFiberKm(Target target, PlanContext context, DateOnly to, string? county)
    {
        var f = target.Filter;
        var metres = 0.0;
        foreach (var route in context.Network.FiberRoutes.Where(r => IsNew(context, r, target.PeriodStart, to) && Carrier(context, f, r.CarrierId)))
        {
            // A proposed cable is drawn straight; the cable laid is its declared route length (straight × detour).
            var detour = context.Proposals?.Contains(route) == true && route.DeclaredLengthM is { } declared ? declared / route.LengthM : 1;
            metres += detour * (f.RuralOnly || county is not null
                ? context.Regions.LengthWithinM(route.Route, t => (!f.RuralOnly || t.IsRural) && (county is null || t.CountyCode == county))
                : route.LengthM);
        }

        return metres / 1000;
    }

    private static IEnumerable<SwitchingNode> Nodes(PlanContext context, TargetFilter f, string? county) =>
        context.Network.SwitchingNodes.Where(n => (f.NodeKinds.Count == 0 || f.NodeKinds.Contains(n.NodeKind)) &&
            Carrier(context, f, n.CarrierId) && Where(context, f, n, county));

    private static double Subscribers(PlanContext context, TargetFilter f, string? county, DateOnly on) =>
        Nodes(context, f, county).Where(n => n.Lifecycle.InServiceOn(on)).Sum(n => (double)n.SubscribersInUse);

    private static bool Carrier(PlanContext context, TargetFilter f, short carrierId) =>
        f.Carriers.Count == 0 || f.Carriers.Contains(context.Network.CarrierCode(carrierId), StringComparer.Ordinal);

    private static bool Technology(TargetFilter f, string technology) =>
        f.Technologies.Count == 0 ||
        f.Technologies.Any(t => string.Equals(t.Replace("_", "", StringComparison.Ordinal), technology, StringComparison.OrdinalIgnoreCase));

    /// <summary>Rural-only and county filters on a point asset: the township its point lies in decides both.</summary>
    private static bool Where(PlanContext context, TargetFilter f, Asset a, string? county)
    {
        if (!f.RuralOnly && county is null)
        {
            return true;
        }

        var point = a switch
        {
            BaseStation s => s.Location,
            AccessPoint p => p.Location,
            SwitchingNode n => n.Location,
            BroadcastTransmitter t => t.Location,
            _ => null,
        };
        var township = point is null ? null : context.Regions.Locate(point);
        return township is not null && (!f.RuralOnly || township.IsRural) && (county is null || township.CountyCode == county);
    }

    private static double VillageShare(CoverageResult coverage, TargetFilter f, string? county)
    {
        var (all, served) = (0, 0);
        for (var i = 0; i < coverage.Villages.Count; i++)
        {
            var v = coverage.Villages[i];
            if (v.Kind != f.VillageKind || (county is not null && v.CountyCode != county))
            {
                continue;
            }

            all++;
            served += coverage.IsServed(i, f.Service!.Value) ? 1 : 0;
        }

        return all == 0 ? 0 : 100.0 * served / all;
    }

    private static double TownshipShare(CoverageResult coverage, Service service, string? county)
    {
        var (all, served) = (0, 0);
        for (var t = 0; t < coverage.TownshipCodes.Count; t++)
        {
            if (county is not null && !coverage.TownshipCodes[t].StartsWith(county, StringComparison.Ordinal))
            {
                continue;
            }

            all++;
            served += coverage.IsTownshipServed(t, service) ? 1 : 0;
        }

        return all == 0 ? 0 : 100.0 * served / all;
    }

    /// <summary>Population share over the places that hold each resident once (natural villages and communities).</summary>
    private static double PopulationShare(CoverageResult coverage, Service service, string? county)
    {
        var summary = CoverageSummary.From(coverage);
        var region = county is null ? summary.City : summary.Counties.GetValueOrDefault(county);
        return region?[service, PlaceGroup.Populated].PopulationShare is { } share ? 100.0 * share : 0;
    }
}
