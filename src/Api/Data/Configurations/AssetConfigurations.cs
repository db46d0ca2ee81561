using System.Text.Json;
using Infra.Domain;
using Infra.Domain.Assets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infra.Api.Data.Configurations;

/// <summary>
/// What every asset table shares: owner, the owner's code (unique per carrier), the lifecycle dates as
/// plain columns, and PostgreSQL's xmin as the concurrency token behind ETags. Each kind has a table of
/// its own (no inheritance mapping): layers, tiles and OGC collections are per kind anyway.
/// </summary>
internal abstract class AssetConfiguration<T> : IEntityTypeConfiguration<T> where T : Asset
{
    protected abstract string Table { get; }

    public void Configure(EntityTypeBuilder<T> b)
    {
        b.ToTable(Table, t =>
        {
            t.HasCheckConstraint($"ck_{Table}_lifecycle",
                "COALESCE(planned_on, construction_started_on, commissioned_on) IS NOT NULL " +
                "AND (retired_on IS NULL OR (commissioned_on IS NOT NULL AND retired_on >= commissioned_on)) " +
                "AND (commissioned_on IS NULL OR construction_started_on IS NULL OR commissioned_on >= construction_started_on) " +
                "AND (commissioned_on IS NULL OR planned_on IS NULL OR commissioned_on >= planned_on)");
            ConfigureTable(t);
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).UseIdentityAlwaysColumn();
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasOne<Carrier>().WithMany().HasForeignKey(x => x.CarrierId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CarrierId, x.Code }).IsUnique();
        b.ComplexProperty(x => x.Lifecycle, l =>
        {
            l.Property(x => x.PlannedOn).HasColumnName("planned_on");
            l.Property(x => x.ConstructionStartedOn).HasColumnName("construction_started_on");
            l.Property(x => x.CommissionedOn).HasColumnName("commissioned_on");
            l.Property(x => x.RetiredOn).HasColumnName("retired_on");
            l.Ignore(x => x.ExistsFrom);
        });
        b.Property<uint>("Version").IsRowVersion();
        b.Property(x => x.WithdrawnReason).HasMaxLength(Withdrawal.MaxReasonLength);

        // A withdrawn record stays for history but is out of every list, coverage and tile unless a query asks for it.
        b.HasQueryFilter(x => x.WithdrawnAt == null);
        b.Ignore(x => x.Kind);
        ConfigureKind(b);
    }

    protected virtual void ConfigureTable(TableBuilder<T> t)
    {
    }

    protected abstract void ConfigureKind(EntityTypeBuilder<T> b);

    /// <summary>Every point asset keeps its position in <c>location</c>, indexed with GiST.</summary>
    protected static void PointColumn(EntityTypeBuilder<T> b)
    {
        b.Property<NetTopologySuite.Geometries.Point>("Location").HasColumnName("location").HasColumnType("geometry(Point,4326)");
        b.HasIndex("Location").HasMethod("gist");
    }
}

internal sealed class BaseStationConfiguration : AssetConfiguration<BaseStation>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override string Table => "base_stations";

    protected override void ConfigureTable(TableBuilder<BaseStation> t) =>
        t.HasCheckConstraint("ck_base_stations_radius", "omni_radius_m IS NULL OR omni_radius_m > 0");

    protected override void ConfigureKind(EntityTypeBuilder<BaseStation> b)
    {
        PointColumn(b);
        b.Property(x => x.Technology).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Sectors)
            .HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, Json),
                v => JsonSerializer.Deserialize<List<Sector>>(v, Json) ?? new List<Sector>(),
                new ValueComparer<IReadOnlyList<Sector>>(
                    (a, c) => a!.SequenceEqual(c!),
                    v => v.Aggregate(0, (h, s) => HashCode.Combine(h, s.GetHashCode())),
                    v => v.ToList()));
    }
}

internal sealed class FiberRouteConfiguration : AssetConfiguration<FiberRoute>
{
    protected override string Table => "fiber_routes";

    protected override void ConfigureTable(TableBuilder<FiberRoute> t) =>
        t.HasCheckConstraint("ck_fiber_routes_cores", "cores > 0");

    protected override void ConfigureKind(EntityTypeBuilder<FiberRoute> b)
    {
        b.Property(x => x.Route).HasColumnName("route").HasColumnType("geometry(LineString,4326)");
        b.HasIndex(x => x.Route).HasMethod("gist");
        b.Property(x => x.Laying).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Tier).HasConversion<string>().HasMaxLength(16);

        // The database, not the sender, decides the length: geodesic on the WGS 84 spheroid.
        b.Property(x => x.LengthM).HasComputedColumnSql("ST_Length(route::geography, true)", stored: true);
    }
}

internal sealed class SwitchingNodeConfiguration : AssetConfiguration<SwitchingNode>
{
    protected override string Table => "switching_nodes";

    protected override void ConfigureTable(TableBuilder<SwitchingNode> t) =>
        t.HasCheckConstraint("ck_switching_nodes_usage", "capacity_lines >= 0 AND subscribers_in_use >= 0 AND subscribers_in_use <= capacity_lines");

    protected override void ConfigureKind(EntityTypeBuilder<SwitchingNode> b)
    {
        PointColumn(b);
        b.Property(x => x.NodeKind).HasConversion<string>().HasMaxLength(16);
    }
}

internal sealed class AccessPointConfiguration : AssetConfiguration<AccessPoint>
{
    protected override string Table => "access_points";

    protected override void ConfigureTable(TableBuilder<AccessPoint> t) =>
        t.HasCheckConstraint("ck_access_points_ports", "ports >= 0 AND ports_used >= 0 AND ports_used <= ports");

    protected override void ConfigureKind(EntityTypeBuilder<AccessPoint> b)
    {
        PointColumn(b);
        b.Property(x => x.Technology).HasConversion<string>().HasMaxLength(16);
        b.Ignore(x => x.FreePorts);
    }
}

internal sealed class TransmitterConfiguration : AssetConfiguration<BroadcastTransmitter>
{
    protected override string Table => "broadcast_transmitters";

    protected override void ConfigureTable(TableBuilder<BroadcastTransmitter> t) =>
        t.HasCheckConstraint("ck_broadcast_transmitters_radius", "service_radius_m > 0 AND power_kw > 0");

    protected override void ConfigureKind(EntityTypeBuilder<BroadcastTransmitter> b)
    {
        PointColumn(b);
        b.Property(x => x.BroadcastKind).HasConversion<string>().HasMaxLength(8);
    }
}
