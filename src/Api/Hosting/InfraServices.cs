using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Features.Exports;
using Infra.Api.Features.Health;
using Infra.Api.Features.Imports;
using Infra.Api.Features.Writes;
using Infra.Api.Features.Reports;
using Infra.Api.Http;
using Infra.Domain.Geo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.IO.Converters;

namespace Infra.Api.Hosting;

public static class InfraServices
{
    /// <summary>GeoJSON (RFC 7946) for every NTS geometry on the wire; camelCase properties; enum values in snake_case (in_service, cable_tv).</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.Converters.Add(new GeoJsonConverterFactory(Wgs84.Factory));
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        json.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        json.NumberHandling = JsonNumberHandling.Strict;
        // Names as given: Chinese (and any other script) is written as UTF-8, not as \uXXXX escapes, in responses and in
        // exported files alike (a 1,000,000-station GeoJSON export: 331 MB, not 343 MB). HTML-sensitive characters stay escaped.
        json.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
    }

    /// <summary>What the web host and the CLI share: options, the database and the bootstrapper.</summary>
    public static IServiceCollection AddInfraData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InfraOptions>().BindConfiguration("Infra").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AssetChanges>();
        services.AddSingleton(_ => new DatabaseEndpoint(configuration.GetConnectionString("Infra")));
        services.AddScoped<Actor>();
        services.AddSingleton<RegionBounds>();
        services.AddScoped<RecordWriter>();
        services.AddScoped<Importer>();
        services.AddSingleton<ImportJobs>();
        services.AddScoped<Exporter>();
        services.AddScoped(sp => new ActorSessionInterceptor(sp.GetRequiredService<Actor>(), sp.GetRequiredService<TimeProvider>()));
        services.AddDbContext<InfraDb>((sp, o) => o
            .UseNpgsql(sp.GetRequiredService<DatabaseEndpoint>().ConnectionString, npgsql => npgsql.UseNetTopologySuite())
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(sp.GetRequiredService<ActorSessionInterceptor>()));
        services.AddSingleton<DatabaseBootstrapper>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseBootstrapper>());
        return services;
    }

    public static IServiceCollection AddInfraWeb(this IServiceCollection services)
    {
        services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));

        // Binding failures (a malformed body or query value) reach the exception handler and become problem details.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions.TryAdd("requestId", ctx.HttpContext.TraceIdentifier));
        services.AddExceptionHandler<DomainExceptionHandler>();
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Admin, p => p.RequireRole("admin"))
            .AddPolicy(Policies.Planner, p => p.RequireRole("admin", "planner"))
            .AddPolicy(Policies.Carrier, p => p.RequireRole("admin", "carrier"));
        services.AddSingleton<Features.Coverage.CoverageService>();
        services.AddSingleton<Features.Jobs.JobQueue>();
        services.AddSingleton<Features.Planning.PlanningRunner>();
        services.AddInfraReports();
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
