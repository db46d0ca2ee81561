using System.CommandLine;
using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Hosting;
using Npgsql;

namespace Infra.Api.Cli;

/// <summary>
/// <c>Infra.Api [serve]</c> runs the web host (the default, so WebApplicationFactory and <c>dotnet run</c> need no
/// verb); the other verbs are the CLI behind <c>./infra</c>. Every verb uses the same configuration and database.
/// </summary>
public static class InfraCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("Infra: the system of record for a region's telecom network.") { TreatUnmatchedTokensAsErrors = false };
        root.SetAction((parse, ct) =>
        {
            // With no verb Infra serves, and the host reads its own options (--urls, --contentRoot=…). A first word that
            // is not an option is a verb mistyped, not a reason to start a server.
            if (parse.UnmatchedTokens is [var verb, ..] && !verb.StartsWith('-'))
            {
                Console.Error.WriteLine($"infra: unknown command '{verb}'. Commands: {string.Join(", ", root.Subcommands.Select(c => c.Name))} (./infra help).");
                return Task.FromResult(2);
            }

            return ServeAsync([.. parse.UnmatchedTokens], ct);
        });

        var serve = new Command("serve", "Serve the API and the map (http://127.0.0.1:5080 unless --urls says otherwise).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        serve.SetAction((parse, ct) => ServeAsync([.. parse.UnmatchedTokens], ct));
        root.Subcommands.Add(serve);

        var migrate = new Command("migrate", "Apply migrations (and start the private cluster if none is configured), then exit.");
        migrate.SetAction((_, ct) => WithDatabaseAsync(args, loadDemo: false, (_, _) => Task.FromResult(0), ct));
        root.Subcommands.Add(migrate);

        root.Subcommands.Add(KeyCommand(args));
        root.Subcommands.Add(DataCommands.Import(args));
        root.Subcommands.Add(DataCommands.Export(args));
        root.Subcommands.Add(ReportCommand.Create(args));
        root.Subcommands.Add(PlanCommand.Create(args));
        // A value the parser cannot read (--budget-km x) is a usage error like every other verb's: 2, not the library's 1.
        var parsed = root.Parse(args);
        var exit = await parsed.InvokeAsync();
        return parsed.Errors.Count > 0 && exit != 0 ? 2 : exit;
    }

    private static async Task<int> ServeAsync(string[] args, CancellationToken ct)
    {
        var app = InfraApp.Build(args);
        await app.RunAsync(ct);
        return 0;
    }

    private static Command KeyCommand(string[] args)
    {
        var key = new Command("key", "Manage API keys.");
        var role = new Option<string>("--role") { Description = "admin, planner or carrier:<code> (e.g. carrier:cmcc)", Required = true };
        var name = new Option<string>("--name") { Description = "Who or what the key is for", Required = true };
        var create = new Command("create", "Create an API key and print it once.") { role, name };
        create.SetAction((parse, ct) => WithDatabaseAsync(args, loadDemo: false, async (sp, token) =>
        {
            var created = await ApiKeys.CreateAsync(sp.GetRequiredService<InfraDb>(), parse.GetValue(role)!, parse.GetValue(name)!,
                sp.GetRequiredService<TimeProvider>(), token);
            Console.WriteLine($"Created key {created.Id} \"{created.Name}\" for role {created.Role}.");
            Console.WriteLine("Store it now; Infra keeps only its hash and cannot show it again:");
            Console.WriteLine();
            Console.WriteLine(created.Key);
            return 0;
        }, ct));
        key.Subcommands.Add(create);
        return key;
    }

    /// <summary>
    /// Runs <paramref name="work"/> with the database ready: the same bootstrapper as the web host starts
    /// (or joins) the private cluster and migrates; a cluster this command started is stopped afterwards.
    /// </summary>
    internal static async Task<int> WithDatabaseAsync(string[] args, bool loadDemo,
        Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken ct, Action<IServiceCollection>? services = null)
    {
        // A verb never reloads its settings, and watching for changes costs ~0.3 s of CPU: the watcher covers every
        // directory under the working directory (from a checkout: node_modules, build output, the private cluster).
        // (A source, not the indexer: a value set through the indexer is lost when the builder adds its sources.)
        var settings = new ConfigurationManager();
        settings.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && a.Contains('=', StringComparison.Ordinal)).ToArray(),
            Configuration = settings,
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddInfraData(builder.Configuration);
        services?.Invoke(builder.Services);
        using var host = builder.Build();
        var bootstrapper = host.Services.GetRequiredService<DatabaseBootstrapper>();
        bootstrapper.LoadDemo = loadDemo;
        try
        {
            await bootstrapper.StartAsync(ct);
        }
        catch (NpgsqlException e)
        {
            // Unreachable, refused login, no such database: one line saying so, not a stack trace.
            await bootstrapper.StopAsync(CancellationToken.None);
            await Console.Error.WriteLineAsync($"error: database: {e.Message}{(e.InnerException is { } inner ? $" ({inner.Message})" : "")}");
            return 2;
        }

        try
        {
            await using var scope = host.Services.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Actor>().AsSystem();
            return await work(scope.ServiceProvider, ct);
        }
        catch (Infra.Domain.DomainException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Field}: {e.Message}");
            return 2;
        }
        finally
        {
            await bootstrapper.StopAsync(CancellationToken.None);
        }
    }
}
