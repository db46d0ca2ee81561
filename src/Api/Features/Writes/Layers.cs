using System.Text.Json;
using System.Text.Json.Nodes;
using Infra.Api.Data;
using Infra.Api.Features.Assets;
using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;
using static Infra.Api.Data.CopyRows;

namespace Infra.Api.Features.Writes;

/// <summary>The six writable layers.</summary>
public static class Layers
{
    public static BaseStationLayer BaseStations { get; } = new();

    public static FiberRouteLayer FiberRoutes { get; } = new();

    public static SwitchingNodeLayer SwitchingNodes { get; } = new();

    public static AccessPointLayer AccessPoints { get; } = new();

    public static TransmitterLayer Transmitters { get; } = new();

    public static ServiceFilingLayer ServiceFilings { get; } = new();
}

public sealed class BaseStationLayer : AssetLayer<BaseStation>
{
    private static readonly JsonSerializerOptions SectorJson = new(JsonSerializerDefaults.Web);

    public override string Name => "base-stations";

    public override string Table => "base_stations";

    public override string? GeometryColumn => "location";

    public override string Columns => $"carrier_id, code, name, {LifeColumns}, location, technology, omni_radius_m, sectors, antenna_height_m";

    public override IReadOnlyList<string> FieldNames { get; } = [.. CommonFields, "technology", "omniRadiusM", "sectors", "antennaHeightM"];

    public override IQueryable<BaseStation> Records(InfraDb db) => db.BaseStations.IgnoreQueryFilters();

    protected override BaseStation? Build(Fields f, Geometry? geometry, short carrierId)
    {
        var c = Read(f);
        var point = AsPoint(f, geometry);
        var technology = f.Required(f.Enum<RadioTechnology>("technology"), "technology");
        var radius = f.Number("omniRadiusM");
        var sectors = Sectors(f);
        var height = f.Number("antennaHeightM");
        return f.Errors.Count > 0 ? null
            : new BaseStation(carrierId, c.Code!, c.Name, c.Lifecycle, point!, technology!.Value, radius, sectors, height);
    }

    private static List<Sector>? Sectors(Fields f)
    {
        var node = f.Json("sectors");
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray array)
        {
            f.Add("sectors", "must be a list of {azimuthDeg, beamwidthDeg, radiusM}.");
            return null;
        }

        var sectors = new List<Sector>();
        foreach (var item in array)
        {
            var s = new JsonFields(item as JsonObject, f.Row);
            var azimuth = s.Required(s.Number("azimuthDeg"), "azimuthDeg");
            var beam = s.Required(s.Number("beamwidthDeg"), "beamwidthDeg");
            var radius = s.Number("radiusM");
            foreach (var e in s.Errors)
            {
                f.Add($"sectors.{e.Field}", e.Message);
            }

            if (s.Errors.Count == 0)
            {
                sectors.Add(new Sector(azimuth!.Value, beam!.Value, radius));
            }
        }

        return sectors;
    }

    public override object Properties(BaseStation record, Carrier carrier, DateOnly asOf) => BaseStationProperties.From(record, carrier, asOf);

    public override Geometry GeometryOf(BaseStation record) => record.Location;

    public override double ReachM(BaseStation record)
    {
        var fallback = Coverage.DefaultRadiusM[record.Technology];
        return Math.Max(record.OmniRadiusM ?? fallback, record.Sectors.Count == 0 ? 0 : record.Sectors.Max(s => s.RadiusM ?? fallback));
    }

    public override string ReachSql(string json)
    {
        var fallback = Coverage.DefaultRadiusM.Values.Max().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"GREATEST(COALESCE(({json}->>'omni_radius_m')::float8, {fallback}), COALESCE((SELECT max(COALESCE((s->>'radiusM')::float8, {fallback})) FROM jsonb_array_elements({json}->'sectors') s), 0))";
    }

    public override void Write(NpgsqlBinaryImporter w, BaseStation s)
    {
        WriteAsset(w, s);
        w.Write(s.Location);
        w.Write(s.Technology.ToString());
        WriteNullable(w, s.OmniRadiusM);
        w.Write(JsonSerializer.Serialize(s.Sectors, SectorJson), NpgsqlDbType.Jsonb);
        WriteNullable(w, s.AntennaHeightM);
    }
}

public sealed class FiberRouteLayer : AssetLayer<FiberRoute>
{
    public override string Name => "fiber-routes";

    public override string Table => "fiber_routes";

    public override string? GeometryColumn => "route";

    public override string Columns => $"carrier_id, code, name, {LifeColumns}, route, cores, laying, tier, declared_length_m";

    public override IReadOnlyList<string> FieldNames { get; } = [.. CommonFields, "cores", "laying", "tier", "declaredLengthM"];

    public override IQueryable<FiberRoute> Records(InfraDb db) => db.FiberRoutes.IgnoreQueryFilters();

    protected override FiberRoute? Build(Fields f, Geometry? geometry, short carrierId)
    {
        var c = Read(f);
        var line = geometry switch
        {
            LineString l => l,
            MultiLineString { NumGeometries: 1 } m => (LineString)m.GetGeometryN(0),
            null => null,
            _ => null,
        };
        if (line is null)
        {
            f.Add("geometry", geometry is null ? "is required (a LineString, WGS 84 lon/lat)." : $"must be a LineString (got {geometry.GeometryType}).");
        }

        var cores = f.Required(f.Integer("cores"), "cores");
        var laying = f.Required(f.Enum<FiberLaying>("laying"), "laying");
        var tier = f.Required(f.Enum<FiberTier>("tier"), "tier");
        var declared = f.Number("declaredLengthM");
        return f.Errors.Count > 0 ? null
            : new FiberRoute(carrierId, c.Code!, c.Name, c.Lifecycle, line!, cores!.Value, laying!.Value, tier!.Value, declared);
    }

    public override object Properties(FiberRoute record, Carrier carrier, DateOnly asOf) => FiberRouteProperties.From(record, carrier, asOf);

    public override Geometry GeometryOf(FiberRoute record) => record.Route;

    /// <summary>A route changes which access points count as fiber-connected and which townships are on the backbone.</summary>
    public override double ReachM(FiberRoute record) =>
        Coverage.IpBackboneTiers.Contains(record.Tier) ? Math.Max(Coverage.IpBackboneDistanceM, Coverage.FiberProximityM) : Coverage.FiberProximityM;

    public override IReadOnlySet<string> Kept { get; } = new HashSet<string> { "Id", "CarrierId", "WithdrawnAt", "WithdrawnReason", "LengthM" };

    public override string ReachSql(string json) =>
        $"CASE WHEN {json}->>'tier' IN ('Backbone', 'Distribution') THEN {Math.Max(Coverage.IpBackboneDistanceM, Coverage.FiberProximityM).ToString(System.Globalization.CultureInfo.InvariantCulture)} ELSE {Coverage.FiberProximityM.ToString(System.Globalization.CultureInfo.InvariantCulture)} END";

    public override void Write(NpgsqlBinaryImporter w, FiberRoute f)
    {
        WriteAsset(w, f);
        w.Write(f.Route);
        w.Write(f.Cores);
        w.Write(f.Laying.ToString());
        w.Write(f.Tier.ToString());
        WriteNullable(w, f.DeclaredLengthM);
    }
}

public sealed class SwitchingNodeLayer : AssetLayer<SwitchingNode>
{
    public override string Name => "switching-nodes";

    public override string Table => "switching_nodes";

    public override string? GeometryColumn => "location";

    public override string Columns => $"carrier_id, code, name, {LifeColumns}, location, node_kind, capacity_lines, subscribers_in_use";

    public override IReadOnlyList<string> FieldNames { get; } = [.. CommonFields, "nodeKind", "capacityLines", "subscribersInUse"];

    public override IQueryable<SwitchingNode> Records(InfraDb db) => db.SwitchingNodes.IgnoreQueryFilters();

    protected override SwitchingNode? Build(Fields f, Geometry? geometry, short carrierId)
    {
        var c = Read(f);
        var point = AsPoint(f, geometry);
        var kind = f.Required(f.Enum<SwitchingNodeKind>("nodeKind"), "nodeKind");
        var capacity = f.Required(f.Integer("capacityLines"), "capacityLines");
        var used = f.Integer("subscribersInUse") ?? 0;
        return f.Errors.Count > 0 ? null
            : new SwitchingNode(carrierId, c.Code!, c.Name, c.Lifecycle, point!, kind!.Value, capacity!.Value, used);
    }

    public override object Properties(SwitchingNode record, Carrier carrier, DateOnly asOf) => SwitchingNodeProperties.From(record, carrier, asOf);

    public override Geometry GeometryOf(SwitchingNode record) => record.Location;

    public override double ReachM(SwitchingNode record) => Coverage.PhoneNodeKinds.Contains(record.NodeKind) ? Coverage.LocalLoopReachM : 0;

    public override string ReachSql(string json) => Coverage.LocalLoopReachM.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public override void Write(NpgsqlBinaryImporter w, SwitchingNode n)
    {
        WriteAsset(w, n);
        w.Write(n.Location);
        w.Write(n.NodeKind.ToString());
        w.Write(n.CapacityLines);
        w.Write(n.SubscribersInUse);
    }
}

public sealed class AccessPointLayer : AssetLayer<AccessPoint>
{
    public override string Name => "access-points";

    public override string Table => "access_points";

    public override string? GeometryColumn => "location";

    public override string Columns => $"carrier_id, code, name, {LifeColumns}, location, technology, ports, ports_used, reach_m, fiber_connected, integrated";

    public override IReadOnlyList<string> FieldNames { get; } =
        [.. CommonFields, "technology", "ports", "portsUsed", "reachM", "fiberConnected", "integrated"];

    public override IQueryable<AccessPoint> Records(InfraDb db) => db.AccessPoints.IgnoreQueryFilters();

    protected override AccessPoint? Build(Fields f, Geometry? geometry, short carrierId)
    {
        var c = Read(f);
        var point = AsPoint(f, geometry);
        var technology = f.Required(f.Enum<AccessTechnology>("technology"), "technology");
        var ports = f.Required(f.Integer("ports"), "ports");
        var used = f.Integer("portsUsed") ?? 0;
        var reach = f.Number("reachM");
        var fiber = f.Bool("fiberConnected") ?? false;
        var integrated = f.Bool("integrated") ?? false;
        return f.Errors.Count > 0 ? null
            : new AccessPoint(carrierId, c.Code!, c.Name, c.Lifecycle, point!, technology!.Value, ports!.Value, used, reach, fiber, integrated);
    }

    public override object Properties(AccessPoint record, Carrier carrier, DateOnly asOf) => AccessPointProperties.From(record, carrier, asOf);

    public override Geometry GeometryOf(AccessPoint record) => record.Location;

    public override double ReachM(AccessPoint record) => record.ReachM ?? Coverage.DefaultReachM[record.Technology];

    public override string ReachSql(string json) =>
        $"COALESCE(({json}->>'reach_m')::float8, {Coverage.DefaultReachM.Values.Max().ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    public override void Write(NpgsqlBinaryImporter w, AccessPoint a)
    {
        WriteAsset(w, a);
        w.Write(a.Location);
        w.Write(a.Technology.ToString());
        w.Write(a.Ports);
        w.Write(a.PortsUsed);
        WriteNullable(w, a.ReachM);
        w.Write(a.FiberConnected);
        w.Write(a.Integrated);
    }
}

public sealed class TransmitterLayer : AssetLayer<BroadcastTransmitter>
{
    public override string Name => "transmitters";

    public override string Table => "broadcast_transmitters";

    public override string? GeometryColumn => "location";

    public override string Columns => $"carrier_id, code, name, {LifeColumns}, location, broadcast_kind, power_kw, service_radius_m";

    public override IReadOnlyList<string> FieldNames { get; } = [.. CommonFields, "broadcastKind", "powerKw", "serviceRadiusM"];

    public override IQueryable<BroadcastTransmitter> Records(InfraDb db) => db.Transmitters.IgnoreQueryFilters();

    protected override BroadcastTransmitter? Build(Fields f, Geometry? geometry, short carrierId)
    {
        var c = Read(f);
        var point = AsPoint(f, geometry);
        var kind = f.Required(f.Enum<BroadcastKind>("broadcastKind"), "broadcastKind");
        var power = f.Required(f.Number("powerKw"), "powerKw");
        var radius = f.Required(f.Number("serviceRadiusM"), "serviceRadiusM");
        return f.Errors.Count > 0 ? null
            : new BroadcastTransmitter(carrierId, c.Code!, c.Name, c.Lifecycle, point!, kind!.Value, power!.Value, radius!.Value);
    }

    public override object Properties(BroadcastTransmitter record, Carrier carrier, DateOnly asOf) => TransmitterProperties.From(record, carrier, asOf);

    public override Geometry GeometryOf(BroadcastTransmitter record) => record.Location;

    public override double ReachM(BroadcastTransmitter record) => record.ServiceRadiusM;

    public override string ReachSql(string json) => $"({json}->>'service_radius_m')::float8";

    public override void Write(NpgsqlBinaryImporter w, BroadcastTransmitter t)
    {
        WriteAsset(w, t);
        w.Write(t.Location);
        w.Write(t.BroadcastKind.ToString());
        w.Write(t.PowerKw);
        w.Write(t.ServiceRadiusM);
    }
}

/// <summary>Filings: a village instead of a geometry (a sent geometry is ignored; the village's point is shown).</summary>
public sealed class ServiceFilingLayer : Layer<ServiceFiling>
{
    public override string Name => "service-filings";

    public override string Table => "service_filings";

    public override string? GeometryColumn => null;

    public override string Columns =>
        "carrier_id, code, village_code, service, technology, max_down_mbps, max_up_mbps, valid_from, valid_to, subscribers, dispute_state";

    /// <summary>Disputes are the planners', not the sender's: an import never overwrites them.</summary>
    public override string MergeColumns =>
        "carrier_id, code, village_code, service, technology, max_down_mbps, max_up_mbps, valid_from, valid_to, subscribers";

    public override IReadOnlyList<string> FieldNames { get; } =
        ["villageCode", "service", "technology", "maxDownMbps", "maxUpMbps", "validFrom", "validTo", "subscribers"];

    public override IReadOnlySet<string> Kept { get; } = new HashSet<string>
    {
        "Id", "CarrierId", "WithdrawnAt", "WithdrawnReason", "DisputeState", "DisputedOn", "ResolvedOn", "DisputeNote",
    };

    public override IQueryable<ServiceFiling> Records(InfraDb db) => db.ServiceFilings.IgnoreQueryFilters();

    public override long IdOf(ServiceFiling record) => record.Id;

    public override short CarrierOf(ServiceFiling record) => record.CarrierId;

    public override string CodeOf(ServiceFiling record) => record.Code;

    protected override ServiceFiling? Build(Fields f, Geometry? geometry, short carrierId)
    {
        var code = Code(f);
        var village = f.Text("villageCode", 15);
        if (village is null)
        {
            f.Add("villageCode", "is required (the 12-digit administrative or 15-digit natural village code).");
        }

        var service = f.Required(f.Enum<FiledService>("service"), "service");
        var technology = f.Text("technology", 32);
        var down = f.Number("maxDownMbps");
        var up = f.Number("maxUpMbps");
        var from = f.Required(f.Date("validFrom"), "validFrom");
        var to = f.Date("validTo");
        var subscribers = f.Integer("subscribers");
        return f.Errors.Count > 0 ? null
            : new ServiceFiling(carrierId, code!, village!, service!.Value, technology, down, up, from!.Value, to, subscribers);
    }

    public override object Properties(ServiceFiling record, Carrier carrier, DateOnly asOf) => ServiceFilingProperties.From(record, carrier, asOf);

    public override async Task<Geometry?> LocateAsync(InfraDb db, ServiceFiling record, CancellationToken ct) =>
        await db.Villages.Where(v => v.Code == record.VillageCode).Select(v => v.Location).SingleOrDefaultAsync(ct);

    public override double ReachM(ServiceFiling record) => 0;

    public override string ReachSql(string json) => "0";

    public override string GeometrySql(string json) => $"(SELECT v.location FROM villages v WHERE v.code = {json}->>'village_code')";

    public override string LiveGeometrySql(string alias) => $"(SELECT v.location FROM villages v WHERE v.code = {alias}.village_code)";

    public override string RetirableSql => "t.valid_to IS NULL AND t.valid_from <= @day";

    public override string RetireSetSql => "valid_to = @day";

    public override void Write(NpgsqlBinaryImporter w, ServiceFiling f)
    {
        Carrier(w, f.CarrierId);
        w.Write(f.Code);
        w.Write(f.VillageCode);
        w.Write(f.Service.ToString());
        WriteNullable(w, f.Technology);
        WriteNullable(w, f.MaxDownMbps);
        WriteNullable(w, f.MaxUpMbps);
        w.Write(f.ValidFrom);
        WriteNullable(w, f.ValidTo);
        WriteNullable(w, f.Subscribers);
        w.Write(f.DisputeState.ToString());
    }
}
