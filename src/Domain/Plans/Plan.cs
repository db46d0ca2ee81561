namespace Infra.Domain.Plans;

/// <summary>A development plan (规划) for a region: a named set of targets over a period.</summary>
public sealed class Plan
{
    private readonly List<Target> _targets = [];

    private Plan()
    {
        Code = Name = NameEn = RegionCode = "";
    }

    public Plan(string code, string name, string nameEn, string regionCode, DateOnly periodStart, DateOnly periodEnd, string? source)
    {
        DomainException.Require(!string.IsNullOrWhiteSpace(code) && code.Length <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'),
            "code", "A plan code is 1-64 letters, digits, '-' or '_'.");
        Code = code;
        Name = NameEn = RegionCode = "";
        Update(name, nameEn, regionCode, periodStart, periodEnd, source);
    }

    public int Id { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public string NameEn { get; private set; }

    /// <summary>Division code of the region the plan covers (e.g. 411700).</summary>
    public string RegionCode { get; private set; }

    public DateOnly PeriodStart { get; private set; }

    public DateOnly PeriodEnd { get; private set; }

    /// <summary>Where the plan comes from (document title).</summary>
    public string? Source { get; private set; }

    public IReadOnlyList<Target> Targets => _targets;

    public void Update(string name, string nameEn, string regionCode, DateOnly periodStart, DateOnly periodEnd, string? source)
    {
        DomainException.Require(!string.IsNullOrWhiteSpace(name) && name.Length <= 200, "name", "A plan needs a name of at most 200 characters.");
        DomainException.Require(periodEnd >= periodStart, "periodEnd", "A plan's period cannot end before it starts.");
        DomainException.Require(regionCode.Length is >= 6 and <= 12 && regionCode.All(char.IsAsciiDigit), "regionCode",
            "A plan's region is a division code of 6 to 12 digits (e.g. 411700).");
        Name = name;
        NameEn = nameEn;
        RegionCode = regionCode;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Source = source;
    }

    public Target? FindTarget(string code) => _targets.FirstOrDefault(t => t.Code == code);

    public void RemoveTarget(string code) =>
        _targets.Remove(FindTarget(code) ?? throw new DomainException("code", $"The plan has no target '{code}'."));

    public Target AddTarget(TargetSpec spec)
    {
        DomainException.Require(_targets.All(t => t.Code != spec.Code), "code", $"The plan already has a target '{spec.Code}'.");
        var target = new Target(spec);
        _targets.Add(target);
        return target;
    }
}
