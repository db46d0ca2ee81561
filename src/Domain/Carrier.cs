namespace Infra.Domain;

/// <summary>An operator that owns assets and files services (网通, 电信, 移动, 联通, 铁通, 广电).</summary>
public sealed class Carrier
{
    private Carrier()
    {
        Code = Name = ShortName = NameEn = "";
    }

    public Carrier(short id, string code, string name, string shortName, string nameEn)
    {
        DomainException.Require(id > 0, "id", "Carrier id must be positive.");
        DomainException.Require(code.Length is >= 2 and <= 16 && code.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)), "code",
            $"Carrier code '{code}' must be 2-16 lower-case letters or digits.");
        DomainException.Require(!string.IsNullOrWhiteSpace(name), "name", "Carrier name is required.");
        Id = id;
        Code = code;
        Name = name;
        ShortName = shortName;
        NameEn = nameEn;
    }

    public short Id { get; private set; }

    /// <summary>Stable lower-case code used in roles (<c>carrier:cmcc</c>) and filters.</summary>
    public string Code { get; private set; }

    /// <summary>Full Chinese name, e.g. 中国移动.</summary>
    public string Name { get; private set; }

    /// <summary>Short Chinese name as the plan writes it, e.g. 移动.</summary>
    public string ShortName { get; private set; }

    public string NameEn { get; private set; }
}
