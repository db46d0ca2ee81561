using Infra.Domain;
using Infra.Domain.Planning;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infra.Api.Data.Configurations;

/// <summary>
/// Scenarios and their proposals live in tables of their own, apart from carriers' records: nothing that reads
/// the asset tables (lists, tiles, OGC, exports, history, coverage without a scenario) can see a proposal.
/// </summary>
internal sealed class ScenarioConfiguration : IEntityTypeConfiguration<Scenario>
{
    public void Configure(EntityTypeBuilder<Scenario> b)
    {
        b.ToTable("scenarios");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).UseIdentityAlwaysColumn();
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.HasIndex(x => x.Name);
        b.HasMany(x => x.Assets).WithOne().HasForeignKey(x => x.ScenarioId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Assets).HasField("_assets").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.NextSequence);
        b.Property<uint>("Version").IsRowVersion();
    }
}

internal sealed class ProposedAssetConfiguration : IEntityTypeConfiguration<ProposedAsset>
{
    public void Configure(EntityTypeBuilder<ProposedAsset> b)
    {
        b.ToTable("proposed_assets", t =>
        {
            t.HasCheckConstraint("ck_proposed_assets_radius", "radius_m IS NULL OR radius_m > 0");
            t.HasCheckConstraint("ck_proposed_assets_route_km", "route_km IS NULL OR route_km >= 0");
        });
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).UseIdentityAlwaysColumn();
        b.HasIndex(x => new { x.ScenarioId, x.Sequence }).IsUnique();
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        b.Property(x => x.Source).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.RadioTechnology).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.AccessTechnology).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Tier).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Label).HasMaxLength(200);
        b.Property(x => x.CountyCode).HasMaxLength(6);

        // Stations and access points are points, cables lines: one column of the generic type, still SRID-checked.
        b.Property(x => x.Geometry).HasColumnType("geometry(Geometry,4326)");
        b.HasIndex(x => x.Geometry).HasMethod("gist");
        b.HasOne<Carrier>().WithMany().HasForeignKey(x => x.CarrierId).OnDelete(DeleteBehavior.Restrict);
    }
}
