using System.Security.Claims;
using Infra.Api.Auth;
using Infra.Api.Data;
using Infra.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Features.Keys;

public sealed record KeyDto(int Id, string Name, string Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record CreateKeyRequest(string? Name, string? Role);

public sealed record CreatedKeyDto(int Id, string Name, string Role, string Key, string Notice);

public sealed record WhoAmI(bool Authenticated, string? Name, string? Role, string? Carrier);

/// <summary>API keys: who am I, and key management for admins (the secret is shown once, at creation).</summary>
public static class KeysApi
{
    public static void MapKeysApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (ClaimsPrincipal user) => TypedResults.Ok(new WhoAmI(
                user.Identity?.IsAuthenticated == true, user.Identity?.Name, user.FindFirstValue(ClaimTypes.Role),
                user.FindFirstValue(ApiKeyAuthentication.CarrierClaim))))
            .WithTags("Keys").WithName("WhoAmI").WithSummary("The role and carrier of the presented API key.");

        var keys = app.MapGroup("/api/keys").WithTags("Keys").RequireAuthorization(Policies.Admin);
        keys.MapGet("/", async (InfraDb db, CancellationToken ct) => TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.Id)
                .Select(k => new KeyDto(k.Id, k.Name, k.Role, k.CreatedAt, k.RevokedAt)).ToListAsync(ct)))
            .WithName("ListKeys").WithSummary("Every API key (never the secrets).");
        keys.MapPost("/", Create).WithName("CreateKey").WithSummary("Create a key for a role: admin, planner or carrier:<code>.");
        keys.MapPost("/{id:int}/revoke", Revoke).WithName("RevokeKey").WithSummary("Revoke a key; it stops working at once.");
    }

    private static async Task<Results<Created<CreatedKeyDto>, ProblemHttpResult>> Create(
        InfraDb db, TimeProvider clock, CreateKeyRequest body, CancellationToken ct)
    {
        var created = await ApiKeys.CreateAsync(db, body.Role ?? "", body.Name ?? "", clock, ct);
        return TypedResults.Created($"/api/keys/{created.Id}", new CreatedKeyDto(created.Id, created.Name, created.Role, created.Key,
            "Store this key now: Infra keeps only its hash and cannot show it again."));
    }

    private static async Task<Results<Ok<KeyDto>, ProblemHttpResult>> Revoke(InfraDb db, TimeProvider clock, int id, CancellationToken ct)
    {
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, ct);
        if (key is null)
        {
            return Problems.NotFound($"There is no key {id}.");
        }

        key.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new KeyDto(key.Id, key.Name, key.Role, key.CreatedAt, key.RevokedAt));
    }
}
