using System.Text.Json;
using Infra.Api.Data;
using Infra.Api.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Infra.Api.Features.Health;

/// <summary>Healthy when the database answers: reports its version, PostGIS's, and which data set it holds.</summary>
public sealed class DatabaseHealthCheck(InfraDb db, DatabaseEndpoint endpoint) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var server = await db.Database.SqlQueryRaw<string>("SELECT current_setting('server_version') AS \"Value\"").SingleAsync(cancellationToken);
            var postgis = await db.Database.SqlQueryRaw<string>("SELECT postgis_lib_version() AS \"Value\"").SingleAsync(cancellationToken);
            var dataSet = await db.DataSets.AsNoTracking().OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);
            var data = new Dictionary<string, object>
            {
                ["postgresql"] = server,
                ["postgis"] = postgis,
                ["privateCluster"] = endpoint.PrivateCluster,
                ["rowLevelSecurity"] = endpoint.RowLevelSecurityEnforced ? "enforced" : "bypassed: the database role is a superuser or has BYPASSRLS",
                ["dataSet"] = dataSet is null
                    ? "none"
                    : new { dataSet.Name, dataSet.IsDemo, dataSet.Description, dataSet.Fingerprint, dataSet.LoadedAt },
            };
            return HealthCheckResult.Healthy("The database answers.", data);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", e);
        }
    }

    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                error = e.Value.Exception?.Message,
                data = e.Value.Data,
            }),
        };
        return JsonSerializer.SerializeAsync(http.Response.Body, body, JsonSerializerOptions.Web);
    }

    public static HealthCheckOptions Options { get; } = new() { ResponseWriter = WriteAsync };
}
