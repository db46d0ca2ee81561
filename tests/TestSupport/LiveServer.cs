using Infra.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Infra.TestSupport;

/// <summary>
/// The real Infra host on Kestrel, on a free loopback port, for clients that need a socket: headless
/// Chromium, GDAL's OAPIF driver, curl. Built by the same <see cref="InfraApp.Build"/> as <c>./infra up</c>.
/// </summary>
public sealed class LiveServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LiveServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<LiveServer> StartAsync(string connectionString, params string[] settings)
    {
        string[] args =
        [
            "--urls=http://127.0.0.1:0",
            $"--ConnectionStrings:Infra={connectionString}",
            "--Infra:LoadDemoOnFirstStart=false",
            "--Logging:LogLevel:Default=Warning",
            .. settings.Select(s => $"--{s}"),
        ];
        var app = InfraApp.Build(args);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LiveServer(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
