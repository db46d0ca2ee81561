using System.Data.Common;
using System.Globalization;
using Infra.Domain.Access;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Infra.Api.Data;

/// <summary>Who is acting in this scope: a key's role and carrier, the system itself, or nobody.</summary>
public sealed class Actor
{
    public string SessionRole { get; private set; } = "";

    public short? CarrierId { get; private set; }

    public int? KeyId { get; private set; }

    public Role? Role { get; private set; }

    /// <summary>The HTTP request (or import job) on whose behalf the scope writes; recorded in history.</summary>
    public string? RequestId { get; set; }

    public void AsKey(int keyId, Role role, short? carrierId)
    {
        KeyId = keyId;
        Role = role;
        CarrierId = carrierId;
        SessionRole = role.Kind switch
        {
            RoleKind.Admin => "admin",
            RoleKind.Planner => "planner",
            _ => "carrier",
        };
    }

    /// <summary>Infra's own work (loading data, CLI maintenance): may write every row.</summary>
    public void AsSystem() => SessionRole = "system";
}

/// <summary>
/// Tells PostgreSQL who is acting, on every connection opened for a scope, so the row-level-security
/// policies (see the RowLevelSecurity migration) decide what may be written, not only the handlers.
/// Npgsql resets session state when a pooled connection is returned, so nothing leaks between scopes.
/// </summary>
public static class ActorSession
{
    /// <summary>A connection of the endpoint's (no EF Core), opened and told who is acting.</summary>
    public static async Task<NpgsqlConnection> OpenAsync(Hosting.DatabaseEndpoint endpoint, Actor actor, TimeProvider clock, CancellationToken ct)
    {
        var conn = await endpoint.DataSource.OpenConnectionAsync(ct);
        try
        {
            await ApplyAsync(conn, actor, clock, ct);
            return conn;
        }
        catch
        {
            await conn.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sets the session settings on an open connection (nothing when nobody is acting).</summary>
    public static async Task ApplyAsync(NpgsqlConnection connection, Actor actor, TimeProvider clock, CancellationToken ct)
    {
        if (actor.SessionRole.Length > 0)
        {
            await using var cmd = Command(connection, actor, clock);
            await cmd.ExecuteNonQueryAsync(ct);
        }
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, Actor actor, TimeProvider clock) =>
        new("SELECT set_config('infra.role', $1, false), set_config('infra.carrier_id', $2, false), " +
            "set_config('infra.key_id', $3, false), set_config('infra.request_id', $4, false), set_config('infra.now', $5, false)",
            connection)
        {
            Parameters =
            {
                new() { Value = actor.SessionRole },
                new() { Value = actor.CarrierId?.ToString(CultureInfo.InvariantCulture) ?? "" },
                new() { Value = actor.KeyId?.ToString(CultureInfo.InvariantCulture) ?? "" },
                new() { Value = actor.RequestId ?? "" },

                // History's system time comes from Infra's clock (testable), stamped when the connection opens.
                new() { Value = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) },
            },
        };
}

/// <summary>Applies <see cref="ActorSession"/> to every connection an EF Core context opens.</summary>
public sealed class ActorSessionInterceptor(Actor actor, TimeProvider? clock = null) : DbConnectionInterceptor
{
    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ActorSession.ApplyAsync((NpgsqlConnection)connection, actor, clock ?? TimeProvider.System, cancellationToken);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (actor.SessionRole.Length == 0)
        {
            return;
        }

        using var cmd = ActorSession.Command((NpgsqlConnection)connection, actor, clock ?? TimeProvider.System);
        cmd.ExecuteNonQuery();
    }
}
