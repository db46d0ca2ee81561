namespace Infra.Domain;

/// <summary>The rule every withdrawal follows: once, and with a reason someone can read later.</summary>
public static class Withdrawal
{
    public const int MaxReasonLength = 500;

    public static void Check(DateTimeOffset? withdrawnAt, string? reason)
    {
        DomainException.Require(withdrawnAt is null, "withdrawnAt", $"The record was already withdrawn at {withdrawnAt:O}.");
        DomainException.Require(!string.IsNullOrWhiteSpace(reason), "reason", "A withdrawal needs a reason (what was wrong with the record).");
        DomainException.Require(reason!.Trim().Length <= MaxReasonLength, "reason", $"A reason is at most {MaxReasonLength} characters.");
    }
}
