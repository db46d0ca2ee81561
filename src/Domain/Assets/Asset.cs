namespace Infra.Domain.Assets;

/// <summary>The kinds of asset Infra records; the names are the wire names of their layers.</summary>
public enum AssetKind
{
    BaseStation = 1,
    FiberRoute = 2,
    SwitchingNode = 3,
    AccessPoint = 4,
    BroadcastTransmitter = 5,
}

/// <summary>What every asset has: an owner, the owner's own code for it, and a lifecycle.</summary>
public abstract class Asset
{
    protected Asset()
    {
        Code = "";
        Lifecycle = null!;
    }

    protected Asset(short carrierId, string code, string? name, Lifecycle lifecycle)
    {
        DomainException.Require(carrierId > 0, "carrier", "An asset belongs to a carrier.");
        DomainException.Require(!string.IsNullOrWhiteSpace(code), "code", "The carrier's asset code is required.");
        DomainException.Require(code.Length <= 64, "code", "An asset code is at most 64 characters.");
        DomainException.Require(name is null || name.Length <= 200, "name", "A name is at most 200 characters.");
        CarrierId = carrierId;
        Code = code.Trim();
        Name = name;
        Lifecycle = lifecycle ?? throw new DomainException("commissionedOn", "A lifecycle is required.");
    }

    public long Id { get; private set; }

    public short CarrierId { get; private set; }

    /// <summary>The carrier's own code, unique per carrier and asset kind; bulk imports upsert by it.</summary>
    public string Code { get; private set; }

    public string? Name { get; private set; }

    public Lifecycle Lifecycle { get; private set; }

    public abstract AssetKind Kind { get; }

    /// <summary>When the record was withdrawn as created in error; it stays in the database but leaves lists, coverage and tiles.</summary>
    public DateTimeOffset? WithdrawnAt { get; private set; }

    public string? WithdrawnReason { get; private set; }

    /// <summary>Withdraws a record created in error (nothing is deleted). The reason is kept with it.</summary>
    public void Withdraw(DateTimeOffset at, string reason)
    {
        Withdrawal.Check(WithdrawnAt, reason);
        WithdrawnAt = at;
        WithdrawnReason = reason.Trim();
    }

    public void ChangeLifecycle(Lifecycle lifecycle) => Lifecycle = lifecycle ?? throw new DomainException("commissionedOn", "A lifecycle is required.");

    public void Rename(string? name)
    {
        DomainException.Require(name is null || name.Length <= 200, "name", "A name is at most 200 characters.");
        Name = name;
    }

    /// <summary>Retires the asset on <paramref name="on"/>; refused before it was commissioned.</summary>
    public void Retire(DateOnly on) =>
        Lifecycle = new Lifecycle(Lifecycle.PlannedOn, Lifecycle.ConstructionStartedOn, Lifecycle.CommissionedOn, on);

    protected static double? PositiveOrNull(double? value, string field, string what)
    {
        DomainException.Require(value is null || (double.IsFinite(value.Value) && value > 0), field, $"{what} must be greater than 0.");
        return value;
    }
}
