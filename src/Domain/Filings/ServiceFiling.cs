using Infra.Domain.Regions;

namespace Infra.Domain.Filings;

/// <summary>Services a carrier can declare in a village.</summary>
public enum FiledService
{
    Mobile = 1,
    FixedPhone = 2,
    Broadband = 3,
    CableTv = 4,
}

/// <summary>Where a planner's dispute of a filing stands.</summary>
public enum DisputeState
{
    None = 0,

    /// <summary>Under dispute: the filing does not count until resolved.</summary>
    Disputed = 1,

    /// <summary>Resolved in the carrier's favour: the filing counts.</summary>
    Upheld = 2,

    /// <summary>Resolved against the carrier: the filing never counts.</summary>
    Rejected = 3,
}

/// <summary>
/// A carrier's declaration (业务覆盖申报) that it provides a service in a village, modelled on the FCC
/// BDC fixed-availability filing: technology, advertised speeds and the dates it is valid.
/// </summary>
public sealed class ServiceFiling
{
    private ServiceFiling()
    {
        Code = VillageCode = "";
    }

    public ServiceFiling(short carrierId, string code, string villageCode, FiledService service, string? technology,
        double? maxDownMbps, double? maxUpMbps, DateOnly validFrom, DateOnly? validTo, int? subscribers)
    {
        DomainException.Require(carrierId > 0, "carrier", "A filing belongs to a carrier.");
        DomainException.Require(!string.IsNullOrWhiteSpace(code) && code.Length <= 64, "code", "The carrier's filing code is required (at most 64 characters).");
        DomainException.Require(RegionCodes.IsAdministrativeVillage(villageCode) || RegionCodes.IsNaturalVillage(villageCode), "villageCode",
            $"Village code '{villageCode}' must be 12 or 15 digits.");
        DomainException.Require(Enum.IsDefined(service), "service", $"Unknown service {service}.");
        DomainException.Require(technology is null || technology.Length <= 32, "technology", "Technology is at most 32 characters.");
        DomainException.Require(maxDownMbps is null || (double.IsFinite(maxDownMbps.Value) && maxDownMbps > 0), "maxDownMbps", "Download speed must be greater than 0 Mbit/s.");
        DomainException.Require(maxUpMbps is null || (double.IsFinite(maxUpMbps.Value) && maxUpMbps > 0), "maxUpMbps", "Upload speed must be greater than 0 Mbit/s.");
        DomainException.Require(validTo is null || validTo >= validFrom, "validTo", "A filing cannot end before it starts.");
        DomainException.Require(subscribers is null or >= 0, "subscribers", "Subscribers cannot be negative.");
        CarrierId = carrierId;
        Code = code.Trim();
        VillageCode = villageCode;
        Service = service;
        Technology = technology;
        MaxDownMbps = maxDownMbps;
        MaxUpMbps = maxUpMbps;
        ValidFrom = validFrom;
        ValidTo = validTo;
        Subscribers = subscribers;
    }

    public long Id { get; private set; }

    public short CarrierId { get; private set; }

    public string Code { get; private set; }

    public string VillageCode { get; private set; }

    public FiledService Service { get; private set; }

    public string? Technology { get; private set; }

    public double? MaxDownMbps { get; private set; }

    public double? MaxUpMbps { get; private set; }

    /// <summary>First day the service is declared.</summary>
    public DateOnly ValidFrom { get; private set; }

    /// <summary>Last day the service is declared (inclusive); null while current.</summary>
    public DateOnly? ValidTo { get; private set; }

    /// <summary>Subscribers served under this filing (e.g. cable-TV households), when declared.</summary>
    public int? Subscribers { get; private set; }

    public DisputeState DisputeState { get; private set; }

    public DateOnly? DisputedOn { get; private set; }

    public DateOnly? ResolvedOn { get; private set; }

    public string? DisputeNote { get; private set; }

    /// <summary>When the filing was withdrawn as made in error; it stays in the database but no longer counts or lists.</summary>
    public DateTimeOffset? WithdrawnAt { get; private set; }

    public string? WithdrawnReason { get; private set; }

    public void Withdraw(DateTimeOffset at, string reason)
    {
        Withdrawal.Check(WithdrawnAt, reason);
        WithdrawnAt = at;
        WithdrawnReason = reason.Trim();
    }

    /// <summary>Ends the filing on <paramref name="on"/> (inclusive): the filing's retirement.</summary>
    public void EndOn(DateOnly on)
    {
        DomainException.Require(on >= ValidFrom, "validTo", $"A filing cannot end ({on:yyyy-MM-dd}) before it starts ({ValidFrom:yyyy-MM-dd}).");
        ValidTo = on;
    }

    public void Dispute(DateOnly on, string reason)
    {
        DomainException.Require(!string.IsNullOrWhiteSpace(reason), "reason", "A dispute needs a reason.");
        DomainException.Require(DisputeState != DisputeState.Disputed, "disputeState", "The filing is already disputed.");
        DisputeState = DisputeState.Disputed;
        DisputedOn = on;
        ResolvedOn = null;
        DisputeNote = reason;
    }

    public void Resolve(DateOnly on, bool upheld, string note)
    {
        DomainException.Require(DisputeState == DisputeState.Disputed, "disputeState", "Only a disputed filing can be resolved.");
        DomainException.Require(on >= DisputedOn!.Value, "resolvedOn", "A dispute cannot be resolved before it was raised.");
        DisputeState = upheld ? DisputeState.Upheld : DisputeState.Rejected;
        ResolvedOn = on;
        DisputeNote = string.IsNullOrWhiteSpace(note) ? DisputeNote : $"{DisputeNote} / {note}";
    }

    /// <summary>
    /// Whether the filing counts toward coverage on <paramref name="asOf"/>: valid that day, never
    /// rejected or withdrawn, and not under a dispute that was open that day.
    /// </summary>
    public bool CountsOn(DateOnly asOf)
    {
        if (WithdrawnAt is not null || asOf < ValidFrom || asOf > ValidTo || DisputeState == DisputeState.Rejected)
        {
            return false;
        }

        var openDispute = DisputedOn <= asOf && (ResolvedOn is null || ResolvedOn > asOf);
        return !openDispute;
    }
}
