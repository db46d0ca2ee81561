using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Infra.Api.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
public sealed class InfraDbDesignFactory : IDesignTimeDbContextFactory<InfraDb>
{
    public InfraDb CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<InfraDb>()
        .UseNpgsql("Host=127.0.0.1;Database=infra_design", o => o.UseNetTopologySuite())
        .UseSnakeCaseNamingConvention()
        .Options);
}
