using System.Text.Json;
using System.Text.Json.Serialization;
using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Features.Health;
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
    }

    /// <summary>What the web host and the CLI share: options, the database and the bootstrapper.</summary>
    public static IServiceCollection AddInfraData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<InfraOptions>().BindConfiguration("Infra").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AssetChanges>();
        services.AddSingleton(_ => new DatabaseEndpoint(configuration.GetConnectionString("Infra")));
        services.AddScoped<Actor>();
        services.AddScoped<ActorSessionInterceptor>();
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
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        return services;
    }
}
