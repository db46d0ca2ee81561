using Infra.Api.Features.Assets;
using Infra.Api.Features.Carriers;
using Infra.Api.Features.Coverage;
using Infra.Api.Features.Exports;
using Infra.Api.Features.Health;
using Infra.Api.Features.History;
using Infra.Api.Features.Imports;
using Infra.Api.Features.Jobs;
using Infra.Api.Features.Keys;
using Infra.Api.Features.MapHost;
using Infra.Api.Features.Network;
using Infra.Api.Features.Planning;
using Infra.Api.Features.Plans;
using Infra.Api.Features.Regions;
using Infra.Api.Features.Reports;
using Infra.Api.Features.Scenarios;
using Infra.Api.Features.Writes;
using Infra.Api.Features.Ogc;
using Infra.Map;
using Microsoft.AspNetCore.Authentication;

namespace Infra.Api.Hosting;

/// <summary>The web host: services, middleware and the route table.</summary>
public static class InfraApp
{
    public const int DefaultPort = 5080;

    public static WebApplication Build(string[] args)
    {
        // Settings files ship beside the binaries; ./infra runs from the checkout. WebApplicationFactory names its own root.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = args.Any(a => a.Contains("contentRoot", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{DefaultPort}");
        }

        builder.Services.AddInfraData(builder.Configuration);
        builder.Services.AddInfraWeb();
        builder.Services.AddInfraMapHost();

        var app = builder.Build();
        MapWiring.ForwardChangesToTiles(app.Services);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(Http.Problems.RefuseNulInQuery);
        app.UseInfraViewer();
        app.UseAuthentication();
        app.Use(RefuseBadKeys);
        app.UseAuthorization();

        app.MapOpenApi();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "Infra v1");
            o.RoutePrefix = "docs";
            o.DocumentTitle = "Infra API";
        });
        app.MapHealthChecks("/healthz", DatabaseHealthCheck.Options);
        app.MapRegionsApi();
        app.MapAssetsApi();
        app.MapCarriersApi();
        app.MapPlansApi();
        app.MapPlanWritesApi();
        app.MapPlanProgressApi();
        app.MapCoverageApi();
        app.MapJobsApi();
        app.MapPlanningApi();
        app.MapScenariosApi();
        app.MapNetworkApi();
        app.MapKeysApi();
        app.MapWritesApi();
        app.MapHistoryApi();
        app.MapImportsApi();
        app.MapExportsApi();
        app.MapReportsApi();
        app.MapInfraMap();
        app.MapOgcApi();
        return app;
    }

    /// <summary>A request that presents a key which does not check out is refused, even where reads are public.</summary>
    private static async Task RefuseBadKeys(HttpContext context, RequestDelegate next)
    {
        var result = await context.AuthenticateAsync();
        if (result.Failure is not null)
        {
            await context.ChallengeAsync();
            return;
        }

        await next(context);
    }
}
