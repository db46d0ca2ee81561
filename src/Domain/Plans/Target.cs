using Infra.Domain.Assets;
using Infra.Domain.Regions;

namespace Infra.Domain.Plans;

/// <summary>What a target measures.</summary>
public enum TargetMetric
{
    /// <summary>Count of assets of a kind commissioned in the period.</summary>
    NewAssetCount = 1,

    /// <summary>Kilometres of fiber route commissioned in the period (geodesic).</summary>
    NewFiberKm = 2,

    /// <summary>Switching capacity (lines) of nodes commissioned in the period.</summary>
    CapacityAdded = 3,

    /// <summary>Switching capacity (lines) in service at the end of the period.</summary>
    CapacityTotal = 4,

    /// <summary>Growth of subscribers in use between the period's start and end.</summary>
    SubscribersAdded = 5,

    /// <summary>Share (%) of villages of a kind with a service.</summary>
    VillageShare = 6,

    /// <summary>Share (%) of townships with a service.</summary>
    TownshipShare = 7,

    /// <summary>Share (%) of the population covered by a service.</summary>
    PopulationShare = 8,
}

/// <summary>The services whose coverage Infra evaluates (DESIGN §2).</summary>
public enum Service
{
    Mobile = 1,
    Broadband = 2,
    Phone = 3,
    CableTv = 4,
    Radio = 5,
    Tv = 6,

    /// <summary>A township seat within the configured distance of a backbone fiber route.</summary>
    IpBackbone = 7,
}

/// <summary>
/// Which records a target counts. Every part is optional; a target's metric says which parts it
/// needs (see <see cref="Target"/>), and a spec that lacks them or carries parts that do not apply is refused.
/// </summary>
public sealed record TargetFilter
{
    public AssetKind? AssetKind { get; init; }

    /// <summary>Carrier codes; empty means every carrier.</summary>
    public IReadOnlyList<string> Carriers { get; init; } = [];

    /// <summary>Technology names (radio or access), as on the wire; empty means any.</summary>
    public IReadOnlyList<string> Technologies { get; init; } = [];

    public IReadOnlyList<SwitchingNodeKind> NodeKinds { get; init; } = [];

    /// <summary>Count only what lies in a 镇 or 乡.</summary>
    public bool RuralOnly { get; init; }

    /// <summary>Count only rural integrated access points (农村综合接入网点).</summary>
    public bool IntegratedOnly { get; init; }

    public Service? Service { get; init; }

    public VillageKind? VillageKind { get; init; }
}

/// <summary>Everything needed to create or replace a target.</summary>
public sealed record TargetSpec(
    string Code,
    string Name,
    string NameEn,
    TargetMetric Metric,
    TargetFilter Filter,
    DateOnly? PeriodStart,
    DateOnly PeriodEnd,
    double Goal,
    string Unit,
    string? PlanText,
    double? Baseline);

/// <summary>A countable goal of a plan (e.g. ≥ 98 new rural base stations in 2006–2007).</summary>
public sealed class Target
{
    private Target()
    {
        Code = Name = NameEn = Unit = "";
        Filter = new TargetFilter();
    }

    internal Target(TargetSpec spec)
    {
        Code = Name = NameEn = Unit = "";
        Filter = new TargetFilter();
        Apply(spec);
    }

    public int Id { get; private set; }

    public int PlanId { get; private set; }

    public string Code { get; private set; }

    public string Name { get; private set; }

    public string NameEn { get; private set; }

    public TargetMetric Metric { get; private set; }

    public TargetFilter Filter { get; private set; }

    /// <summary>Start of the counting period for "new" metrics; null for level metrics (shares, totals).</summary>
    public DateOnly? PeriodStart { get; private set; }

    /// <summary>The date by which the goal is due.</summary>
    public DateOnly PeriodEnd { get; private set; }

    /// <summary>The goal, in <see cref="Unit"/>; met when the value is at least this.</summary>
    public double Goal { get; private set; }

    /// <summary>Unit of value and goal: "stations", "km", "lines", "subscribers", "%"…</summary>
    public string Unit { get; private set; }

    /// <summary>The plan's own words for the target.</summary>
    public string? PlanText { get; private set; }

    /// <summary>Value the plan states for the start of its period, when it states one.</summary>
    public double? Baseline { get; private set; }

    public void Apply(TargetSpec spec)
    {
        Validate(spec);
        Code = spec.Code;
        Name = spec.Name;
        NameEn = spec.NameEn;
        Metric = spec.Metric;
        Filter = spec.Filter;
        PeriodStart = spec.PeriodStart;
        PeriodEnd = spec.PeriodEnd;
        Goal = spec.Goal;
        Unit = spec.Unit;
        PlanText = spec.PlanText;
        Baseline = spec.Baseline;
    }

    public static bool IsShare(TargetMetric metric) =>
        metric is TargetMetric.VillageShare or TargetMetric.TownshipShare or TargetMetric.PopulationShare;

    public static bool CountsNew(TargetMetric metric) =>
        metric is TargetMetric.NewAssetCount or TargetMetric.NewFiberKm or TargetMetric.CapacityAdded or TargetMetric.SubscribersAdded;

    /// <summary>The longest unit a target may have ("个", "公里", "subscribers"); the column holds this many.</summary>
    public const int MaxUnitLength = 24;

    private static void Validate(TargetSpec spec)
    {
        DomainException.Require(!string.IsNullOrWhiteSpace(spec.Code) && spec.Code.Length <= 64 &&
            spec.Code.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), "code",
            "A target code is 1-64 letters, digits, '-' or '_'.");
        DomainException.Require(!string.IsNullOrWhiteSpace(spec.Name), "name", "A target needs a name.");
        DomainException.Require(Enum.IsDefined(spec.Metric), "metric", $"Unknown metric {spec.Metric}.");
        DomainException.Require(double.IsFinite(spec.Goal) && spec.Goal > 0, "goal", "A goal must be a number greater than 0.");
        DomainException.Require(!IsShare(spec.Metric) || spec.Goal <= 100, "goal", "A share goal is a percentage, at most 100.");
        DomainException.Require(!string.IsNullOrWhiteSpace(spec.Unit) && spec.Unit.Length <= MaxUnitLength, "unit", $"A target needs a unit of at most {MaxUnitLength} characters.");
        DomainException.Require(spec.PeriodStart is null || spec.PeriodStart <= spec.PeriodEnd, "periodEnd",
            "A target's period cannot end before it starts.");
        DomainException.Require(!CountsNew(spec.Metric) || spec.PeriodStart is not null, "periodStart",
            $"A {spec.Metric} target counts what is new in a period, so it needs a period start.");

        var f = spec.Filter ?? throw new DomainException("filter", "A target needs a filter (it may be empty).");
        switch (spec.Metric)
        {
            case TargetMetric.NewAssetCount:
                DomainException.Require(f.AssetKind is not null, "filter.assetKind", "Counting new assets needs the asset kind to count.");
                DomainException.Require(f.Service is null && f.VillageKind is null, "filter.service", "An asset count does not take a service or village kind.");
                break;
            case TargetMetric.NewFiberKm:
                DomainException.Require(f.AssetKind is null or AssetKind.FiberRoute, "filter.assetKind", "Fiber kilometres count fiber routes only.");
                DomainException.Require(f.Service is null && f.NodeKinds.Count == 0, "filter.service", "Fiber kilometres take neither a service nor node kinds.");
                break;
            case TargetMetric.CapacityAdded or TargetMetric.CapacityTotal or TargetMetric.SubscribersAdded:
                DomainException.Require(f.AssetKind is null or AssetKind.SwitchingNode, "filter.assetKind", "Capacity and subscribers are counted on switching nodes.");
                DomainException.Require(f.NodeKinds.Count > 0, "filter.nodeKinds", "Say which switching node kinds the capacity counts.");
                DomainException.Require(f.Service is null, "filter.service", "A capacity target does not take a service.");
                break;
            case TargetMetric.VillageShare:
                DomainException.Require(f.Service is not null and not Service.IpBackbone, "filter.service", "A village share needs a village service (not the IP backbone, which is per township).");
                DomainException.Require(f.VillageKind is VillageKind.Administrative or VillageKind.Natural, "filter.villageKind", "A village share counts administrative or natural villages.");
                break;
            case TargetMetric.TownshipShare:
                DomainException.Require(f.Service is not null, "filter.service", "A township share needs a service.");
                break;
            case TargetMetric.PopulationShare:
                DomainException.Require(f.Service is not null and not Service.IpBackbone, "filter.service", "A population share needs a village service.");
                break;
        }

        DomainException.Require(f.Technologies.Count == 0 || f.AssetKind is AssetKind.BaseStation or AssetKind.AccessPoint, "filter.technologies",
            "Technologies filter base stations or access points; say which with filter.assetKind.");
        foreach (var technology in f.Technologies)
        {
            var known = f.AssetKind == AssetKind.BaseStation
                ? Enum.GetNames<RadioTechnology>()
                : Enum.GetNames<AccessTechnology>();
            DomainException.Require(known.Any(n => string.Equals(n, technology.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)),
                "filter.technologies", $"'{technology}' is not a technology of {f.AssetKind}: one of {string.Join(", ", known)}.");
        }

        DomainException.Require(!f.IntegratedOnly || f.AssetKind == AssetKind.AccessPoint, "filter.integratedOnly",
            "Only access points can be rural integrated access points.");

        foreach (var kind in f.NodeKinds)
        {
            DomainException.Require(Enum.IsDefined(kind), "filter.nodeKinds", $"Unknown switching node kind {kind}.");
        }
    }
}
