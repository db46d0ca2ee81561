using System.Security.Cryptography;
using System.Text;
using Infra.Api.Data;
using Infra.Domain;
using Infra.Domain.Access;
using Microsoft.EntityFrameworkCore;

namespace Infra.Api.Auth;

public static class Policies
{
    public const string Admin = "admin";
    public const string Planner = "planner";
    public const string Carrier = "carrier";
}

/// <summary>
/// Creating and checking bearer keys. A key reads <c>infra_&lt;prefix&gt;_&lt;secret&gt;</c>: the prefix finds
/// the row, the secret (256 random bits) is never stored, only its SHA-256.
/// </summary>
public static class ApiKeys
{
    private const string Scheme = "infra_";

    public sealed record Created(int Id, string Name, string Role, string Key);

    public static async Task<Created> CreateAsync(InfraDb db, string roleText, string name, TimeProvider clock, CancellationToken ct)
    {
        var role = Role.Parse(roleText);
        DomainException.Require(!string.IsNullOrWhiteSpace(name) && name.Length <= 200, "name", "A key needs a name of at most 200 characters.");
        short? carrierId = null;
        if (role.Kind == RoleKind.Carrier)
        {
            carrierId = await db.Carriers.Where(c => c.Code == role.CarrierCode).Select(c => (short?)c.Id).SingleOrDefaultAsync(ct)
                ?? throw new DomainException("role", $"There is no carrier '{role.CarrierCode}'. Known carriers: " +
                    string.Join(", ", await db.Carriers.OrderBy(c => c.Id).Select(c => c.Code).ToListAsync(ct)) + ".");
        }

        var prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = $"{Scheme}{prefix}_{secret}";
        var row = new ApiKey
        {
            Name = name.Trim(),
            Role = role.ToString(),
            CarrierId = carrierId,
            Prefix = prefix,
            SecretHash = Hash(key),
            CreatedAt = clock.GetUtcNow(),
        };
        db.ApiKeys.Add(row);
        await db.SaveChangesAsync(ct);
        return new Created(row.Id, row.Name, row.Role, key);
    }

    /// <summary>The key's row if <paramref name="presented"/> is a live key, else null. Constant-time comparison.</summary>
    public static async Task<ApiKey?> FindAsync(InfraDb db, string presented, CancellationToken ct)
    {
        if (!presented.StartsWith(Scheme, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }

        var rest = presented[Scheme.Length..];
        var underscore = rest.IndexOf('_', StringComparison.Ordinal);
        if (underscore <= 0)
        {
            return null;
        }

        var prefix = rest[..underscore];
        var row = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Prefix == prefix, ct);
        return row is not null && row.RevokedAt is null && CryptographicOperations.FixedTimeEquals(row.SecretHash, Hash(presented))
            ? row
            : null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
