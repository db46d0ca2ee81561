namespace Infra.Api.Data;

/// <summary>
/// A bearer API key. Only a SHA-256 hash of the secret is stored: keys are 256-bit random values, so a
/// fast hash is enough (a slow password hash protects low-entropy secrets, which these are not).
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary>admin, planner or carrier:&lt;code&gt;.</summary>
    public required string Role { get; set; }

    public short? CarrierId { get; set; }

    /// <summary>Public part of the key (the characters before the secret), unique, used to find the row.</summary>
    public required string Prefix { get; set; }

    public required byte[] SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}

/// <summary>What data the database holds: one row, written when a data set is loaded.</summary>
public sealed class DataSet
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Description { get; set; }

    /// <summary>True for the generated Zhumadian demo data: every screen and report says so.</summary>
    public bool IsDemo { get; set; }

    /// <summary>SHA-256 fingerprint of the generated content, to show which generator output is loaded.</summary>
    public string? Fingerprint { get; set; }

    public DateTimeOffset LoadedAt { get; set; }
}
