using Infra.Map.Rendering;
using Infra.Map.Styles;
using Infra.Map.Tiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Infra.Map;

/// <summary>How a host adds the map: <c>services.AddInfraMap()</c> and <c>app.MapInfraMap()</c>, with an <see cref="IMapSource"/> registered.</summary>
public static class MapServices
{
    /// <summary>Where the built viewer is copied beside the binaries (see Infra.Map.csproj).</summary>
    public static string ViewerDirectory => Path.Combine(AppContext.BaseDirectory, "viewer");

    public static IServiceCollection AddInfraMap(this IServiceCollection services)
    {
        services.AddOptions<MapOptions>().BindConfiguration("Map").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => new TileCache(sp.GetRequiredService<IOptions<MapOptions>>().Value.TileCacheMb));
        services.AddSingleton<TileService>();
        services.AddSingleton<MapRenderer>();
        return services;
    }

    /// <summary>The tiles, the style, server-side images, and the viewer at <c>/</c>.</summary>
    public static IEndpointRouteBuilder MapInfraMap(this IEndpointRouteBuilder app)
    {
        app.MapTilesApi();
        app.MapRenderApi();
        app.MapSummaryApi();
        app.MapGet("/map/styles.json", () => TypedResults.Text(MapStyle.Json, "application/json"))
            .WithTags("Map").WithName("GetMapStyles").WithSummary("The map's styles as data: the viewer and the server renderer both draw from this.");
        return app;
    }

    /// <summary>Serves the built viewer: <c>/</c> is its index.html, its assets beside it. Refuses to start without it.</summary>
    public static IApplicationBuilder UseInfraViewer(this IApplicationBuilder app)
    {
        var dir = ViewerDirectory;
        if (!File.Exists(Path.Combine(dir, "index.html")))
        {
            throw new InvalidOperationException(
                $"The map viewer is not built ({dir}/index.html is missing). Build with `./infra up` or `dotnet build`, which run `npm ci` and `npm run build` in src/Map/web.");
        }

        var files = new PhysicalFileProvider(dir);
        // The viewer's files all sit at the top level: only such paths are looked up on disk, so tiles and API calls pass untouched.
        app.UseWhen(http => http.Request.Path.Value is { } p && p.IndexOf('/', 1) < 0, viewer => Serve(viewer, files));
        return app;
    }

    private static void Serve(IApplicationBuilder app, PhysicalFileProvider files)
    {
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = ctx =>
            {
                // Bundles carry a content hash in their names; index.html must be revalidated to pick up new ones.
                ctx.Context.Response.Headers.CacheControl = ctx.File.Name == "index.html" ? "no-cache" : "public, max-age=31536000, immutable";
            },
        });
    }
}
