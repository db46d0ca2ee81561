namespace Infra.Domain.Access;

public enum RoleKind
{
    Admin = 1,
    Planner = 2,
    Carrier = 3,
}

/// <summary>An API key's role: <c>admin</c>, <c>planner</c> or <c>carrier:&lt;code&gt;</c>.</summary>
public readonly record struct Role(RoleKind Kind, string? CarrierCode)
{
    public static Role Admin { get; } = new(RoleKind.Admin, null);

    public static Role Planner { get; } = new(RoleKind.Planner, null);

    public static Role ForCarrier(string code) => Parse($"carrier:{code}");

    public static Role Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value == "admin")
        {
            return Admin;
        }

        if (value == "planner")
        {
            return Planner;
        }

        if (value.StartsWith("carrier:", StringComparison.Ordinal))
        {
            var code = value["carrier:".Length..];
            DomainException.Require(code.Length is >= 2 and <= 16 && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)), "role",
                $"'{code}' is not a carrier code (2-16 lower-case letters or digits).");
            return new Role(RoleKind.Carrier, code);
        }

        throw new DomainException("role", $"Role '{value}' is not one of admin, planner, carrier:<code>.");
    }

    public override string ToString() => Kind switch
    {
        RoleKind.Admin => "admin",
        RoleKind.Planner => "planner",
        _ => $"carrier:{CarrierCode}",
    };
}
