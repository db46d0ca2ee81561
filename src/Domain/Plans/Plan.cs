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
        DomainException.Require(!string.IsNullOrWhiteSpace(code) && code.Length <= 64, "code", "A plan needs a code of at most 64 characters.");
        DomainException.Require(!string.IsNullOrWhiteSpace(name), "name", "A plan needs a name.");
        DomainException.Require(periodEnd >= periodStart, "periodEnd", "A plan's period cannot end before it starts.");
        Code = code;
        Name = name;
        NameEn = nameEn;
        RegionCode = regionCode;
        PeriodStart = periodStart;
        PeriodEnd = periodEnd;
        Source = source;
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

    public Target AddTarget(TargetSpec spec)
    {
        DomainException.Require(_targets.All(t => t.Code != spec.Code), "code", $"The plan already has a target '{spec.Code}'.");
        var target = new Target(spec);
        _targets.Add(target);
        return target;
    }
}
