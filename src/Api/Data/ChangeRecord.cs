using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infra.Api.Data;

/// <summary>
/// One change to one asset or filing: who (key, role), when, in which request or import, and the row
/// before and after as JSON (the table's own columns; geometry as GeoJSON). Written only by the
/// database triggers of the History migration, so every path that writes (API, import, CLI, raw SQL)
/// is recorded in the same transaction as the change itself. Nobody may update or delete a record.
/// </summary>
public sealed class ChangeRecord
{
    public long Id { get; private set; }

    /// <summary>The layer: base-stations, fiber-routes, switching-nodes, access-points, transmitters, service-filings.</summary>
    public string Entity { get; private set; } = "";

    public long EntityId { get; private set; }

    public short? CarrierId { get; private set; }

    /// <summary>create, replace, patch, retire, withdraw, dispute, resolve, import, update (raw SQL without a stated action).</summary>
    public string Action { get; private set; } = "";

    public int? KeyId { get; private set; }

    /// <summary>admin, planner, carrier or system.</summary>
    public string? Role { get; private set; }

    /// <summary>System time of the change (Infra's clock when it opened the transaction).</summary>
    public DateTimeOffset At { get; private set; }

    /// <summary>The HTTP request id, or the import job id.</summary>
    public string? RequestId { get; private set; }

    public JsonDocument? Before { get; private set; }

    public JsonDocument? After { get; private set; }
}

internal sealed class ChangeRecordConfiguration : IEntityTypeConfiguration<ChangeRecord>
{
    public void Configure(EntityTypeBuilder<ChangeRecord> b)
    {
        b.ToTable("change_records");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).UseIdentityAlwaysColumn();
        b.Property(x => x.Entity).HasMaxLength(32);
        b.Property(x => x.Action).HasMaxLength(16);
        b.Property(x => x.Role).HasMaxLength(16);
        b.Property(x => x.RequestId).HasMaxLength(64);
        b.Property(x => x.Before).HasColumnType("jsonb");
        b.Property(x => x.After).HasColumnType("jsonb");
        b.HasIndex(x => new { x.Entity, x.EntityId, x.Id });
        b.HasIndex(x => x.At);
        b.HasIndex(x => x.RequestId);
    }
}
