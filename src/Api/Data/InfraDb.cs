using Infra.Domain;
using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Planning;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Data;

/// <summary>The unit of work over Infra's PostGIS database. Migrations are committed; nothing calls EnsureCreated.</summary>
public sealed class InfraDb(DbContextOptions<InfraDb> options) : DbContext(options)
{
    public DbSet<City> Cities => Set<City>();

    public DbSet<County> Counties => Set<County>();

    public DbSet<Township> Townships => Set<Township>();

    public DbSet<Village> Villages => Set<Village>();

    public DbSet<Carrier> Carriers => Set<Carrier>();

    public DbSet<BaseStation> BaseStations => Set<BaseStation>();

    public DbSet<FiberRoute> FiberRoutes => Set<FiberRoute>();

    public DbSet<SwitchingNode> SwitchingNodes => Set<SwitchingNode>();

    public DbSet<AccessPoint> AccessPoints => Set<AccessPoint>();

    public DbSet<BroadcastTransmitter> Transmitters => Set<BroadcastTransmitter>();

    public DbSet<ServiceFiling> ServiceFilings => Set<ServiceFiling>();

    public DbSet<Plan> Plans => Set<Plan>();

    public DbSet<Target> Targets => Set<Target>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<DataSet> DataSets => Set<DataSet>();

    public DbSet<ChangeRecord> ChangeRecords => Set<ChangeRecord>();

    public DbSet<Scenario> Scenarios => Set<Scenario>();

    public DbSet<ProposedAsset> ProposedAssets => Set<ProposedAsset>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasPostgresExtension("postgis");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(InfraDb).Assembly);
    }
}
