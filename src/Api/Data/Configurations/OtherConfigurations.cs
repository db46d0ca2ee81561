using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Domain;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infra.Api.Data.Configurations;

internal sealed class CarrierConfiguration : IEntityTypeConfiguration<Carrier>
{
    public void Configure(EntityTypeBuilder<Carrier> b)
    {
        b.ToTable("carriers");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).ValueGeneratedNever();
        b.Property(x => x.Code).HasMaxLength(16);
        b.HasIndex(x => x.Code).IsUnique();
    }
}

internal sealed class ServiceFilingConfiguration : IEntityTypeConfiguration<ServiceFiling>
{
    public void Configure(EntityTypeBuilder<ServiceFiling> b)
    {
        b.ToTable("service_filings", t =>
        {
            t.HasCheckConstraint("ck_service_filings_valid", "valid_to IS NULL OR valid_to >= valid_from");
            t.HasCheckConstraint("ck_service_filings_subscribers", "subscribers IS NULL OR subscribers >= 0");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).UseIdentityAlwaysColumn();
        b.Property(x => x.Code).HasMaxLength(64);
        b.Property(x => x.VillageCode).HasMaxLength(15);
        b.Property(x => x.Service).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Technology).HasMaxLength(32);
        b.Property(x => x.DisputeState).HasConversion<string>().HasMaxLength(16);
        b.HasOne<Carrier>().WithMany().HasForeignKey(x => x.CarrierId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Village>().WithMany().HasForeignKey(x => x.VillageCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.CarrierId, x.Code }).IsUnique();
        b.HasIndex(x => new { x.VillageCode, x.Service });
        b.Property<uint>("Version").IsRowVersion();
        b.Property(x => x.WithdrawnReason).HasMaxLength(Withdrawal.MaxReasonLength);
        b.HasQueryFilter(x => x.WithdrawnAt == null);
    }
}

internal sealed class PlanConfiguration : IEntityTypeConfiguration<Plan>
{
    public void Configure(EntityTypeBuilder<Plan> b)
    {
        b.ToTable("plans");
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => x.Code).IsUnique();
        b.Property(x => x.RegionCode).HasMaxLength(12);
        b.HasMany(x => x.Targets).WithOne().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Targets).HasField("_targets").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    /// <summary>Filters are stored as JSON with enum names, so they read well in SQL and survive enum reordering.</summary>
    internal static readonly JsonSerializerOptions FilterJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public void Configure(EntityTypeBuilder<Target> b)
    {
        b.ToTable("targets", t => t.HasCheckConstraint("ck_targets_goal", "goal > 0"));
        b.HasKey(x => x.Id);
        b.Property(x => x.Code).HasMaxLength(64);
        b.HasIndex(x => new { x.PlanId, x.Code }).IsUnique();
        b.Property(x => x.Metric).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Unit).HasMaxLength(Target.MaxUnitLength);
        b.Property(x => x.Filter)
            .HasColumnType("jsonb")
            .HasConversion(
                v => JsonSerializer.Serialize(v, FilterJson),
                v => JsonSerializer.Deserialize<TargetFilter>(v, FilterJson) ?? new TargetFilter(),
                new ValueComparer<TargetFilter>((a, c) => JsonSerializer.Serialize(a, FilterJson) == JsonSerializer.Serialize(c, FilterJson),
                    v => JsonSerializer.Serialize(v, FilterJson).GetHashCode(StringComparison.Ordinal),
                    v => v));
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Role).HasMaxLength(32);
        b.Property(x => x.Prefix).HasMaxLength(32);
        b.HasIndex(x => x.Prefix).IsUnique();
        b.HasOne<Carrier>().WithMany().HasForeignKey(x => x.CarrierId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class DataSetConfiguration : IEntityTypeConfiguration<DataSet>
{
    public void Configure(EntityTypeBuilder<DataSet> b)
    {
        b.ToTable("data_sets");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(200);
    }
}
