using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Infra.Domain.Assets;

namespace Infra.Geodata.Network;

/// <summary>SHA-256 over a canonical text of the whole data set: the region's fingerprint, then every asset, filing and target.</summary>
internal static class DemoFingerprint
{
    public static string Of(DemoData d)
    {
        var text = new StringBuilder();
        text.Append(RegionGenerator.Fingerprint(new DemoRegion(Empty, d.Counties, d.Townships, d.Villages))).Append('\n');
        foreach (var s in d.BaseStations)
        {
            Line(text, s, $"{s.Technology}|{s.OmniRadiusM}|{JsonSerializer.Serialize(s.Sectors)}|{s.AntennaHeightM}|{RegionGenerator.Wkt(s.Location)}");
        }

        foreach (var f in d.FiberRoutes)
        {
            Line(text, f, $"{f.Cores}|{f.Laying}|{f.Tier}|{f.DeclaredLengthM}|{RegionGenerator.Wkt(f.Route)}");
        }

        foreach (var n in d.SwitchingNodes)
        {
            Line(text, n, $"{n.NodeKind}|{n.CapacityLines}|{n.SubscribersInUse}|{RegionGenerator.Wkt(n.Location)}");
        }

        foreach (var a in d.AccessPoints)
        {
            Line(text, a, $"{a.Technology}|{a.Ports}|{a.PortsUsed}|{a.ReachM}|{a.FiberConnected}|{a.Integrated}|{RegionGenerator.Wkt(a.Location)}");
        }

        foreach (var t in d.Transmitters)
        {
            Line(text, t, $"{t.BroadcastKind}|{t.PowerKw}|{t.ServiceRadiusM}|{RegionGenerator.Wkt(t.Location)}");
        }

        foreach (var f in d.Filings)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"filing|{f.CarrierId}|{f.Code}|{f.VillageCode}|{f.Service}|{f.Technology}|{f.MaxDownMbps}|{f.MaxUpMbps}|{f.ValidFrom}|{f.ValidTo}|{f.Subscribers}|{f.DisputeState}|{f.DisputedOn}|{f.ResolvedOn}\n");
        }

        foreach (var t in d.Plan.Targets)
        {
            text.Append(CultureInfo.InvariantCulture, $"target|{t.Code}|{t.Metric}|{t.Goal}|{t.PeriodStart}|{t.PeriodEnd}\n");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static NetTopologySuite.Geometries.Polygon Empty => Domain.Geo.Wgs84.Factory.CreatePolygon();

    private static void Line(StringBuilder text, Asset a, string rest) =>
        text.Append(CultureInfo.InvariantCulture,
            $"{a.Kind}|{a.CarrierId}|{a.Code}|{a.Name}|{a.Lifecycle.PlannedOn}|{a.Lifecycle.ConstructionStartedOn}|{a.Lifecycle.CommissionedOn}|{a.Lifecycle.RetiredOn}|{rest}\n");
}
