using Infra.Domain.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Infra.Api.Data.Configurations;

internal sealed class CityConfiguration : IEntityTypeConfiguration<City>
{
    public void Configure(EntityTypeBuilder<City> b)
    {
        b.ToTable("cities");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(6);
    }
}

internal sealed class CountyConfiguration : IEntityTypeConfiguration<County>
{
    public void Configure(EntityTypeBuilder<County> b)
    {
        b.ToTable("counties");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(6);
        b.Property(x => x.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        b.Property(x => x.Seat).HasColumnType("geometry(Point,4326)");
        b.HasIndex(x => x.Boundary).HasMethod("gist");
        b.HasIndex(x => x.Seat).HasMethod("gist");
    }
}

internal sealed class TownshipConfiguration : IEntityTypeConfiguration<Township>
{
    public void Configure(EntityTypeBuilder<Township> b)
    {
        b.ToTable("townships");
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(9);
        b.Property(x => x.CountyCode).HasMaxLength(6);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Boundary).HasColumnType("geometry(MultiPolygon,4326)");
        b.Property(x => x.Seat).HasColumnType("geometry(Point,4326)");
        b.Ignore(x => x.IsRural);
        b.HasOne<County>().WithMany().HasForeignKey(x => x.CountyCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Boundary).HasMethod("gist");
        b.HasIndex(x => x.Seat).HasMethod("gist");
    }
}

internal sealed class VillageConfiguration : IEntityTypeConfiguration<Village>
{
    public void Configure(EntityTypeBuilder<Village> b)
    {
        b.ToTable("villages", t =>
        {
            t.HasCheckConstraint("ck_villages_population", "population >= 0 AND households >= 0 AND households <= population");
            t.HasCheckConstraint("ck_villages_parent", "(kind = 'Natural') = (parent_code IS NOT NULL)");
        });
        b.HasKey(x => x.Code);
        b.Property(x => x.Code).HasMaxLength(15);
        b.Property(x => x.TownshipCode).HasMaxLength(9);
        b.Property(x => x.ParentCode).HasMaxLength(12);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(16);
        b.Property(x => x.Location).HasColumnType("geometry(Point,4326)");
        b.Ignore(x => x.CountyCode);
        b.HasOne<Township>().WithMany().HasForeignKey(x => x.TownshipCode).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Village>().WithMany().HasForeignKey(x => x.ParentCode).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.Location).HasMethod("gist");
        b.HasIndex(x => new { x.Kind, x.TownshipCode });
        b.HasIndex(x => x.Name);
    }
}
