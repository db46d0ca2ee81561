namespace Infra.Domain.Assets;

/// <summary>Where an asset stands on a given date.</summary>
public enum AssetStatus
{
    Planned = 1,
    UnderConstruction = 2,
    InService = 3,
    Retired = 4,
}

/// <summary>
/// The dates of an asset's life: planned → under construction → in service → retired. The status on
/// any date follows from them, so every as-of question is answered from the same four dates.
/// A missing date means that step has not happened (or was not recorded); at least one must be known.
/// </summary>
public sealed record Lifecycle
{
    public Lifecycle(DateOnly? plannedOn, DateOnly? constructionStartedOn, DateOnly? commissionedOn, DateOnly? retiredOn)
    {
        DomainException.Require(retiredOn is null || commissionedOn is not null, "retiredOn",
            "An asset cannot be retired without a commissioning date; withdraw a record created in error instead.");
        DomainException.Require((plannedOn ?? constructionStartedOn ?? commissionedOn) is not null, "commissionedOn",
            "An asset needs at least one lifecycle date (planned, construction started or commissioned).");
        RequireOrder(plannedOn, constructionStartedOn, "constructionStartedOn", "construction cannot start before the asset was planned");
        RequireOrder(plannedOn, commissionedOn, "commissionedOn", "an asset cannot be commissioned before it was planned");
        RequireOrder(constructionStartedOn, commissionedOn, "commissionedOn", "an asset cannot be commissioned before construction started");
        RequireOrder(commissionedOn, retiredOn, "retiredOn", "an asset cannot be retired before it was commissioned");
        PlannedOn = plannedOn;
        ConstructionStartedOn = constructionStartedOn;
        CommissionedOn = commissionedOn;
        RetiredOn = retiredOn;
    }

    public static Lifecycle InServiceSince(DateOnly commissionedOn) => new(null, null, commissionedOn, null);

    public DateOnly? PlannedOn { get; }

    public DateOnly? ConstructionStartedOn { get; }

    public DateOnly? CommissionedOn { get; }

    public DateOnly? RetiredOn { get; }

    /// <summary>The first date the asset existed in any form.</summary>
    public DateOnly ExistsFrom => (PlannedOn ?? ConstructionStartedOn ?? CommissionedOn)!.Value;

    /// <summary>Status at the end of <paramref name="asOf"/>; null when the asset did not exist yet.</summary>
    public AssetStatus? StatusOn(DateOnly asOf) =>
        RetiredOn <= asOf ? AssetStatus.Retired
        : CommissionedOn <= asOf ? AssetStatus.InService
        : ConstructionStartedOn <= asOf ? AssetStatus.UnderConstruction
        : ExistsFrom <= asOf ? AssetStatus.Planned
        : null;

    public bool InServiceOn(DateOnly asOf) => StatusOn(asOf) == AssetStatus.InService;

    private static void RequireOrder(DateOnly? earlier, DateOnly? later, string field, string reason)
    {
        if (earlier is { } e && later is { } l && l < e)
        {
            throw new DomainException(field, $"{char.ToUpperInvariant(reason[0])}{reason[1..]} ({l:yyyy-MM-dd} is before {e:yyyy-MM-dd}).");
        }
    }
}
