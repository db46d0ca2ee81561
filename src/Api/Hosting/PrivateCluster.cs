using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Infra.Api.Hosting;

/// <summary>
/// A PostgreSQL + PostGIS cluster that Infra runs for itself when no connection string is configured:
/// initdb on first use, loopback TCP only (no unix socket), SCRAM passwords kept in a 0600 file beside
/// the data, a non-superuser application role (so row-level security applies to the application), and
/// started in its own session so Ctrl-C reaches Infra, which then stops the cluster cleanly.
/// PostgreSQL refuses to run as root, so under root every server command runs as the <c>postgres</c> user.
/// </summary>
public sealed class PrivateCluster : IAsyncDisposable
{
    public const string AppRole = "infra";
    public const string AppDatabase = "infra";
    private const string Superuser = "postgres";
    private const int FirstPort = 55432;

    private readonly string _pgDir;
    private readonly string _binDir;
    private readonly string? _runAs;
    private readonly Secrets _secrets;
    private readonly bool _ephemeral;
    private readonly ILogger _log;
    private bool _ownsServer;

    private PrivateCluster(string pgDir, string binDir, string? runAs, Secrets secrets, bool ephemeral, ILogger log)
    {
        _pgDir = pgDir;
        _binDir = binDir;
        _runAs = runAs;
        _secrets = secrets;
        _ephemeral = ephemeral;
        _log = log;
    }

    public int Port { get; private set; }

    /// <summary>Connection string of the application role to the application database.</summary>
    public string ConnectionString => ConnectionStringFor(AppDatabase);

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = AppRole,
        Password = _secrets.AppPassword,
    }.ConnectionString;

    public string SuperuserConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Database = database,
        Username = Superuser,
        Password = _secrets.SuperuserPassword,
        Pooling = false,
    }.ConnectionString;

    /// <summary>
    /// Starts the cluster kept in <paramref name="dataDir"/> (creating it on first use), or joins it if it is
    /// already running (another Infra process started it; then this one will not stop it).
    /// </summary>
    public static async Task<PrivateCluster> StartAsync(string dataDir, ILogger log, CancellationToken ct, bool ephemeral = false)
    {
        var binDir = FindBinDir();
        RequirePostGis(binDir);
        var runAs = ProcessRunner.IsRoot ? Superuser : null;
        Directory.CreateDirectory(dataDir);
        var pgDir = await PrepareDataDirectoryAsync(dataDir, runAs, ct);
        var secrets = Secrets.LoadOrCreate(Path.Combine(dataDir, "secrets.json"));
        var cluster = new PrivateCluster(pgDir, binDir, runAs, secrets, ephemeral, log);
        await cluster.StartServerAsync(ct);
        return cluster;
    }

    public async Task CreateDatabaseAsync(string name, string? template, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(SuperuserConnectionStringFor("postgres"));
        await conn.OpenAsync(ct);
        var sql = template is null
            ? $"CREATE DATABASE \"{name}\" OWNER {AppRole} ENCODING 'UTF8'"
            : $"CREATE DATABASE \"{name}\" OWNER {AppRole} TEMPLATE \"{template}\"";
        await using (var cmd = new NpgsqlCommand(sql, conn))
        {
            await cmd.ExecuteNonQueryAsync(ct);
        }

        if (template is null)
        {
            await using var db = new NpgsqlConnection(SuperuserConnectionStringFor(name));
            await db.OpenAsync(ct);
            await using var ext = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS postgis", db);
            await ext.ExecuteNonQueryAsync(ct);
        }
    }

    public async Task StopAsync()
    {
        if (!_ownsServer)
        {
            return;
        }

        _ownsServer = false;
        _log.LogInformation("Stopping the private PostgreSQL cluster in {Dir}", _pgDir);
        await PgCtlAsync(["stop", "-D", _pgDir, "-m", _ephemeral ? "immediate" : "fast", "-w", "-t", "60"], CancellationToken.None);
        if (_ephemeral)
        {
            Directory.Delete(Path.GetDirectoryName(_pgDir)!, recursive: true);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StartServerAsync(CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(_pgDir, "PG_VERSION")))
        {
            await InitAsync(ct);
        }

        var running = RunningPort();
        if (running is { } port)
        {
            Port = port;
            _log.LogInformation("Joining the private PostgreSQL cluster already running on 127.0.0.1:{Port}", Port);
            return;
        }

        // Test clusters start at a random port so that suites started at the same moment (several test
        // processes, or engineers sharing a machine) do not pick the same one; a start that still loses the
        // race to another process tries the next free port.
        var from = _ephemeral ? FirstPort + 200 + Random.Shared.Next(5000) : FirstPort;
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort(from);
            _log.LogInformation("Starting the private PostgreSQL cluster in {Dir} on 127.0.0.1:{Port}", _pgDir, Port);
            try
            {
                // setsid: the server leaves the terminal's process group, so Ctrl-C stops Infra first and Infra stops the server.
                await ProcessRunner.RunAsync("setsid",
                    ["-w", Path.Combine(_binDir, "pg_ctl"), "start", "-D", _pgDir, "-l", Path.Combine(_pgDir, "postgres.log"),
                     "-o", $"-p {Port}", "-w", "-t", "120"], ct, _runAs);
                break;
            }
            catch (InvalidOperationException e) when (attempt < 3 && RunningPort() is null)
            {
                _log.LogWarning("PostgreSQL did not start on port {Port} ({Message}); trying another port", Port, e.Message);
                from = Port + 1;
            }
        }

        _ownsServer = true;
        await EnsureAppDatabaseAsync(ct);
    }

    private async Task InitAsync(CancellationToken ct)
    {
        _log.LogInformation("Creating a private PostgreSQL cluster in {Dir}", _pgDir);
        var pwFile = Path.Combine(Path.GetTempPath(), $"infra-pw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwFile, _secrets.SuperuserPassword, ct);
        try
        {
            if (_runAs is not null)
            {
                await ProcessRunner.RunAsync("chown", [_runAs, pwFile], ct);
            }

            await ProcessRunner.RunAsync(Path.Combine(_binDir, "initdb"),
                ["-D", _pgDir, "-U", Superuser, "--pwfile", pwFile, "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                 "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"], ct, _runAs);
        }
        finally
        {
            File.Delete(pwFile);
        }

        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# Infra: loopback TCP only, no unix socket (its directory may not be writable here).")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 200");
        if (_ephemeral)
        {
            // A throwaway test cluster trades durability for speed.
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");

            // Tests give each test a database of its own, and each database its own connection pool: 200 slots
            // ran out in a full run (53300 "remaining connection slots are reserved").
            settings.AppendLine("max_connections = 1000");
        }

        var conf = Path.Combine(_pgDir, "postgresql.conf");
        await AppendAsync(conf, settings.ToString(), ct);
    }

    private async Task AppendAsync(string file, string text, CancellationToken ct)
    {
        if (_runAs is null)
        {
            await File.AppendAllTextAsync(file, text, ct);
            return;
        }

        var tmp = Path.Combine(Path.GetTempPath(), $"infra-conf-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(tmp, text, ct);
        try
        {
            File.SetUnixFileMode(tmp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            await ProcessRunner.RunAsync("sh", ["-c", $"cat '{tmp}' >> '{file}'"], ct, _runAs);
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    private async Task EnsureAppDatabaseAsync(CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(SuperuserConnectionStringFor("postgres"));
        await conn.OpenAsync(ct);
        await using (var role = new NpgsqlCommand(
            $"SELECT 1 FROM pg_roles WHERE rolname = '{AppRole}'", conn))
        {
            if (await role.ExecuteScalarAsync(ct) is null)
            {
                await using var create = new NpgsqlCommand(
                    $"CREATE ROLE {AppRole} LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB PASSWORD '{_secrets.AppPassword}'", conn);
                await create.ExecuteNonQueryAsync(ct);
            }
        }

        await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{AppDatabase}'", conn);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await CreateDatabaseAsync(AppDatabase, null, ct);
        }
    }

    private int? RunningPort()
    {
        // postmaster.pid line 4 is the port; the server is alive if its pid still is.
        var pidFile = Path.Combine(_pgDir, "postmaster.pid");
        try
        {
            var lines = File.ReadAllLines(pidFile);
            if (lines.Length >= 4 && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) &&
                Directory.Exists($"/proc/{pid}") && int.TryParse(lines[3], CultureInfo.InvariantCulture, out var port))
            {
                return port;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    private Task PgCtlAsync(IEnumerable<string> args, CancellationToken ct) =>
        ProcessRunner.RunAsync(Path.Combine(_binDir, "pg_ctl"), args, ct, _runAs);

    private static int FreePort(int from)
    {
        for (var port = from; port < from + 200; port++)
        {
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException($"No free TCP port on 127.0.0.1 between {from} and {from + 199}.");
    }

    /// <summary>
    /// The cluster lives in dataDir/pg. Under root it must belong to postgres, and postgres must be able to
    /// reach it; when a parent directory shuts postgres out (a checkout under /root), the data goes to
    /// /var/lib/infra/&lt;hash&gt; with dataDir/pg linking to it.
    /// </summary>
    private static async Task<string> PrepareDataDirectoryAsync(string dataDir, string? runAs, CancellationToken ct)
    {
        var pgDir = Path.Combine(Path.GetFullPath(dataDir), "pg");
        if (runAs is null)
        {
            Directory.CreateDirectory(pgDir);
            File.SetUnixFileMode(pgDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            return pgDir;
        }

        if (!Directory.Exists(pgDir))
        {
            Directory.CreateDirectory(pgDir);
            await ProcessRunner.RunAsync("chown", [$"{runAs}:", pgDir], ct);
            File.SetUnixFileMode(pgDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            await ProcessRunner.RunAsync("test", ["-w", pgDir, "-a", "-x", pgDir], ct, runAs);
            return pgDir;
        }
        catch (InvalidOperationException)
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(pgDir)))[..12];
            var elsewhere = Path.Combine("/var/lib/infra", hash, "pg");
            Directory.CreateDirectory(elsewhere);
            await ProcessRunner.RunAsync("chown", [$"{runAs}:", elsewhere], ct);
            File.SetUnixFileMode(elsewhere, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (Directory.Exists(pgDir) && !Directory.EnumerateFileSystemEntries(pgDir).Any() && new DirectoryInfo(pgDir).LinkTarget is null)
            {
                Directory.Delete(pgDir);
            }

            if (!Path.Exists(pgDir))
            {
                File.CreateSymbolicLink(pgDir, elsewhere);
            }

            return elsewhere;
        }
    }

    private static string FindBinDir()
    {
        var configured = Environment.GetEnvironmentVariable("INFRA_PG_BIN");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), CultureInfo.InvariantCulture, out var v) ? v : 0)
                .ToList()
            : [];
        return candidates.FirstOrDefault() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries were not found under /usr/lib/postgresql. Install them with: " +
            "sudo apt-get install -y postgresql-15-postgis-3 (or set ConnectionStrings__Infra to a PostgreSQL with PostGIS).");
    }

    private static void RequirePostGis(string binDir)
    {
        var version = Path.GetFileName(Path.GetDirectoryName(binDir));
        var control = $"/usr/share/postgresql/{version}/extension/postgis.control";
        if (!File.Exists(control))
        {
            throw new InvalidOperationException(
                $"PostGIS is not installed for PostgreSQL {version} ({control} is missing). Install it with: " +
                $"sudo apt-get install -y postgresql-{version}-postgis-3");
        }
    }

    private sealed record Secrets(string SuperuserPassword, string AppPassword)
    {
        public static Secrets LoadOrCreate(string path)
        {
            if (File.Exists(path))
            {
                return JsonSerializer.Deserialize<Secrets>(File.ReadAllText(path))
                    ?? throw new InvalidOperationException($"{path} is not readable.");
            }

            var secrets = new Secrets(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
                Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
            File.WriteAllText(path, JsonSerializer.Serialize(secrets));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            return secrets;
        }
    }
}
