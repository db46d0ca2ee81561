using System.Linq.Expressions;
using Infra.Api.Data;
using Infra.Api.Features.Assets;
using Infra.Api.Http;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Network;

public sealed record CapacityTotal(long Nodes, long CapacityLines, long SubscribersInUse);

public sealed record PortTotal(long Points, long Ports, long PortsUsed);

/// <summary>The figures the plan states for 2005 (section 一(一)), summed over in-service assets on the date.</summary>
public sealed record NetworkSummary(
    CapacityTotal FixedSwitching,
    CapacityTotal Phs,
    CapacityTotal MobileSwitching,
    PortTotal Broadband,
    long BaseStations,
    double FiberKm,
    long CableTvSubscribers);

public sealed record SwitchingRow(SwitchingNodeKind NodeKind, string Carrier, long Nodes, long CapacityLines, long SubscribersInUse);

public sealed record StationRow(RadioTechnology Technology, string Carrier, long Stations);

public sealed record AccessRow(AccessTechnology Technology, string Carrier, long Points, long Ports, long PortsUsed, long Integrated);

public sealed record FiberRow(FiberTier Tier, string Carrier, long Routes, double Km);

public sealed record TransmitterRow(BroadcastKind Kind, string Carrier, long Transmitters);

public sealed record FilingRow(FiledService Service, string Carrier, long Filings, long Subscribers);

public sealed record NetworkTotals(DateOnly AsOf, NetworkSummary Summary, IReadOnlyList<SwitchingRow> Switching,
    IReadOnlyList<StationRow> BaseStations, IReadOnlyList<AccessRow> AccessPoints, IReadOnlyList<FiberRow> Fiber,
    IReadOnlyList<TransmitterRow> Transmitters, IReadOnlyList<FilingRow> Filings);

/// <summary>Network totals as of a date, by kind and carrier, and summed the way the plan states its baseline.</summary>
public static class NetworkApi
{
    public static void MapNetworkApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/network/totals", Totals).WithTags("Network").WithName("NetworkTotals")
            .WithSummary("In-service capacity, subscribers, ports, stations, fiber km and filings as of a date (default today).");

    /// <summary>SQL form of <see cref="ServiceFiling.CountsOn"/>; a test holds the two in agreement.</summary>
    public static Expression<Func<ServiceFiling, bool>> FilingCountsOn(DateOnly d) => f =>
        f.ValidFrom <= d && (f.ValidTo == null || f.ValidTo >= d) && f.DisputeState != DisputeState.Rejected &&
        !(f.DisputedOn <= d && (f.ResolvedOn == null || f.ResolvedOn > d));

    private static async Task<IResult> Totals(InfraDb db, TimeProvider clock, string? asOf, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var d = asOf is null ? today : FeatureQuery.ParseDate(asOf, "asOf", errors) ?? today;
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors);
        }

        var carriers = await db.Carriers.AsNoTracking().ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        var switching = (await db.SwitchingNodes.AsOf(d, AssetStatus.InService, today)
            .GroupBy(n => new { n.NodeKind, n.CarrierId })
            .Select(g => new { g.Key.NodeKind, g.Key.CarrierId, N = g.LongCount(), C = g.Sum(n => (long)n.CapacityLines), U = g.Sum(n => (long)n.SubscribersInUse) })
            .ToListAsync(ct))
            .Select(r => new SwitchingRow(r.NodeKind, carriers[r.CarrierId], r.N, r.C, r.U)).OrderBy(r => r.NodeKind).ThenBy(r => r.Carrier).ToList();
        var stations = (await db.BaseStations.AsOf(d, AssetStatus.InService, today)
            .GroupBy(s => new { s.Technology, s.CarrierId }).Select(g => new { g.Key.Technology, g.Key.CarrierId, N = g.LongCount() })
            .ToListAsync(ct))
            .Select(r => new StationRow(r.Technology, carriers[r.CarrierId], r.N)).OrderBy(r => r.Technology).ThenBy(r => r.Carrier).ToList();
        var access = (await db.AccessPoints.AsOf(d, AssetStatus.InService, today)
            .GroupBy(a => new { a.Technology, a.CarrierId })
            .Select(g => new { g.Key.Technology, g.Key.CarrierId, N = g.LongCount(), P = g.Sum(a => (long)a.Ports), U = g.Sum(a => (long)a.PortsUsed), I = g.LongCount(a => a.Integrated) })
            .ToListAsync(ct))
            .Select(r => new AccessRow(r.Technology, carriers[r.CarrierId], r.N, r.P, r.U, r.I)).OrderBy(r => r.Technology).ThenBy(r => r.Carrier).ToList();
        var fiber = (await db.FiberRoutes.AsOf(d, AssetStatus.InService, today)
            .GroupBy(f => new { f.Tier, f.CarrierId }).Select(g => new { g.Key.Tier, g.Key.CarrierId, N = g.LongCount(), M = g.Sum(f => f.LengthM) })
            .ToListAsync(ct))
            .Select(r => new FiberRow(r.Tier, carriers[r.CarrierId], r.N, Math.Round(r.M / 1000, 3))).OrderBy(r => r.Tier).ThenBy(r => r.Carrier).ToList();
        var transmitters = (await db.Transmitters.AsOf(d, AssetStatus.InService, today)
            .GroupBy(t => new { t.BroadcastKind, t.CarrierId }).Select(g => new { g.Key.BroadcastKind, g.Key.CarrierId, N = g.LongCount() })
            .ToListAsync(ct))
            .Select(r => new TransmitterRow(r.BroadcastKind, carriers[r.CarrierId], r.N)).OrderBy(r => r.Kind).ThenBy(r => r.Carrier).ToList();
        var filings = (await db.ServiceFilings.Where(FilingCountsOn(d))
            .GroupBy(f => new { f.Service, f.CarrierId }).Select(g => new { g.Key.Service, g.Key.CarrierId, N = g.LongCount(), S = g.Sum(f => (long?)f.Subscribers) ?? 0 })
            .ToListAsync(ct))
            .Select(r => new FilingRow(r.Service, carriers[r.CarrierId], r.N, r.S)).OrderBy(r => r.Service).ThenBy(r => r.Carrier).ToList();

        CapacityTotal Sum(params SwitchingNodeKind[] kinds)
        {
            var rows = switching.Where(r => kinds.Contains(r.NodeKind)).ToList();
            return new CapacityTotal(rows.Sum(r => r.Nodes), rows.Sum(r => r.CapacityLines), rows.Sum(r => r.SubscribersInUse));
        }

        var summary = new NetworkSummary(
            Sum(SwitchingNodeKind.LocalExchange, SwitchingNodeKind.RemoteModule),
            Sum(SwitchingNodeKind.PhsController),
            Sum(SwitchingNodeKind.Msc),
            new PortTotal(access.Sum(a => a.Points), access.Sum(a => a.Ports), access.Sum(a => a.PortsUsed)),
            stations.Sum(s => s.Stations),
            Math.Round(fiber.Sum(f => f.Km), 3),
            filings.Where(f => f.Service == FiledService.CableTv).Sum(f => f.Subscribers));
        return TypedResults.Ok(new NetworkTotals(d, summary, switching, stations, access, fiber, transmitters, filings));
    }
}
