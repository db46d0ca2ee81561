using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Domain.Coverage;

/// <summary>Which places a share counts.</summary>
public enum PlaceGroup
{
    /// <summary>行政村.</summary>
    Administrative = 1,

    /// <summary>自然村.</summary>
    Natural = 2,

    /// <summary>
    /// The places that hold every resident exactly once: natural villages, communities (社区), and
    /// administrative villages without any natural village in the input. An administrative village's
    /// population is the sum of its natural villages', so counting both would count people twice.
    /// The population shares of the radio and TV targets are taken over this group.
    /// </summary>
    Populated = 3,

    /// <summary>Townships: served per <see cref="CoverageResult.IsTownshipServed"/>; population is their populated places'.</summary>
    Township = 4,
}

public enum RegionLevel
{
    City = 1,
    County = 2,
    Township = 3,
}

/// <summary>How many places (and people in them) a group has, and how many of them have a service.</summary>
public readonly record struct Tally(int Count, int Served, long Population, long PopulationServed)
{
    /// <summary>Served / Count in [0, 1]; null when there is nothing to count.</summary>
    public double? Share => Count == 0 ? null : (double)Served / Count;

    /// <summary>PopulationServed / Population in [0, 1]; null when nobody lives there.</summary>
    public double? PopulationShare => Population == 0 ? null : (double)PopulationServed / Population;

    internal Tally Add(bool served, long population) =>
        new(Count + 1, Served + (served ? 1 : 0), Population + population, PopulationServed + (served ? population : 0));
}

/// <summary>Tallies for one region: per service and place group.</summary>
public sealed class RegionSummary
{
    private static readonly int Services = Enum.GetValues<Service>().Length;
    private static readonly int Groups = Enum.GetValues<PlaceGroup>().Length;
    private readonly Tally[] _tallies = new Tally[Services * Groups];

    internal RegionSummary(string code, RegionLevel level) => (Code, Level) = (code, level);

    /// <summary>County or township code; for the city, the prefecture code shared by every village (e.g. 411700), or "" when they span several.</summary>
    public string Code { get; }

    public RegionLevel Level { get; }

    public Tally this[Service service, PlaceGroup group] => _tallies[Slot(service, group)];

    internal void Add(Service service, PlaceGroup group, bool served, long population) =>
        _tallies[Slot(service, group)] = _tallies[Slot(service, group)].Add(served, population);

    private static int Slot(Service service, PlaceGroup group) => (((int)service - 1) * Groups) + ((int)group - 1);
}

/// <summary>Shares of every service for the city, each county (village code[..6]) and each township.</summary>
public sealed class CoverageSummary
{
    private CoverageSummary(DateOnly asOf, RegionSummary city, Dictionary<string, RegionSummary> counties, Dictionary<string, RegionSummary> townships)
    {
        AsOf = asOf;
        City = city;
        Counties = counties;
        Townships = townships;
    }

    public DateOnly AsOf { get; }

    public RegionSummary City { get; }

    public IReadOnlyDictionary<string, RegionSummary> Counties { get; }

    public IReadOnlyDictionary<string, RegionSummary> Townships { get; }

    public static CoverageSummary From(CoverageResult result)
    {
        var villages = result.Villages;
        var city = new RegionSummary(Regions.City.CodeOf(villages.Select(v => v.Code)), RegionLevel.City);
        var counties = new Dictionary<string, RegionSummary>(StringComparer.Ordinal);
        var townships = new Dictionary<string, RegionSummary>(StringComparer.Ordinal);
        // A village's county is its township's (its code begins with the township's), so regions are found by township position.
        var byTownship = new RegionSummary[result.TownshipCodes.Count][];
        for (var t = 0; t < byTownship.Length; t++)
        {
            var code = result.TownshipCodes[t];
            townships[code] = new RegionSummary(code, RegionLevel.Township);
            byTownship[t] = [city, Region(counties, code[..6], RegionLevel.County), townships[code]];
        }

        var parents = villages.Where(v => v.Kind == VillageKind.Natural).Select(v => v.ParentCode!).ToHashSet(StringComparer.Ordinal);
        var townshipPopulation = new long[byTownship.Length];
        for (var v = 0; v < villages.Count; v++)
        {
            var village = villages[v];
            var t = result.VillageTownship[v];
            var populated = village.Kind != VillageKind.Administrative || !parents.Contains(village.Code);
            townshipPopulation[t] += populated ? village.Population : 0;
            foreach (var service in CoverageRules.VillageServices)
            {
                var served = result.IsServed(v, service);
                foreach (var region in byTownship[t])
                {
                    if (village.Kind != VillageKind.Community)
                    {
                        region.Add(service, village.Kind == VillageKind.Administrative ? PlaceGroup.Administrative : PlaceGroup.Natural, served, village.Population);
                    }

                    if (populated)
                    {
                        region.Add(service, PlaceGroup.Populated, served, village.Population);
                    }
                }
            }
        }

        for (var t = 0; t < byTownship.Length; t++)
        {
            foreach (var service in Enum.GetValues<Service>())
            {
                var served = result.IsTownshipServed(t, service);
                foreach (var region in byTownship[t])
                {
                    region.Add(service, PlaceGroup.Township, served, townshipPopulation[t]);
                }
            }
        }

        return new CoverageSummary(result.AsOf, city, counties, townships);
    }

    private static RegionSummary Region(Dictionary<string, RegionSummary> regions, string code, RegionLevel level)
    {
        if (!regions.TryGetValue(code, out var region))
        {
            region = regions[code] = new RegionSummary(code, level);
        }

        return region;
    }
}
