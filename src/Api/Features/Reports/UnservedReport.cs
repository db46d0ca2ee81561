using Infra.Api.Features.Coverage;
using Infra.Api.Http;
using Infra.Domain.Coverage;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Api.Features.Reports;

/// <summary>What an unserved-villages report asks for, already checked.</summary>
public sealed record UnservedQuery(Service Service, VillageKind Kind, string? County, string? Township, DateOnly AsOf,
    ReportFormat Format, ReportLanguage Language, bool Bom)
{
    public string LevelName => Kind == VillageKind.Administrative ? "admin" : "natural";

    /// <summary>unserved-broadband-admin-411729-2008-12-31.xlsx</summary>
    public string FileName => $"unserved-{WireNames.Of(Service)}-{LevelName}-{Township ?? County ?? "city"}-{AsOf:yyyy-MM-dd}.{ReportFormats.Extension(Format)}";
}

/// <summary>Who made a report from which data: the demo mark hangs on <see cref="IsDemo"/>.</summary>
public sealed record ReportHeader(string DataSetName, bool IsDemo, DateTimeOffset GeneratedAt);

/// <summary>Places of one level in a region and how many of them (and of their people) lack the service.</summary>
public sealed record RegionTally(string Code, string Name, int Villages, int Unserved, long Population, long UnservedPopulation)
{
    public double? UnservedShare => Villages == 0 ? null : (double)Unserved / Villages;

    public double? UnservedPopulationShare => Population == 0 ? null : (double)UnservedPopulation / Population;

    /// <summary>The same figures as <c>/api/coverage</c> gives: unserved = count − served, by villages and by people.</summary>
    public static RegionTally From(string code, string name, Tally t) =>
        new(code, name, t.Count, t.Count - t.Served, t.Population, t.Population - t.PopulationServed);

    public static RegionTally Sum(string code, string name, IEnumerable<RegionTally> parts)
    {
        var list = parts.ToList();
        return new(code, name, list.Sum(p => p.Villages), list.Sum(p => p.Unserved), list.Sum(p => p.Population), list.Sum(p => p.UnservedPopulation));
    }
}

/// <summary>A township of the report: its tally and its unserved villages, largest population first.</summary>
public sealed record TownshipSection(Township Township, RegionTally Tally, int[] Villages);

/// <summary>A county of the report: its tally and its townships, the largest unserved population first.</summary>
public sealed record CountySection(County County, RegionTally Tally, IReadOnlyList<TownshipSection> Townships);

/// <summary>A planned or under-construction asset that would serve the village once in service, and from when (null: no date recorded).</summary>
public sealed record PlannedFix(string Basis, string Code, string Carrier, string Status, DateOnly? From);

/// <summary>One unserved village with what it would take to serve it.</summary>
public sealed record UnservedRow(int Rank, Village Village, string TownshipName, string CountyName, VillageServiceDto Explanation)
{
    /// <summary>The nearest candidate of a kind (a basis), or null when there is none of that kind.</summary>
    public CandidateDto? Candidate(string basis) => Explanation.Candidates.FirstOrDefault(c => c.Basis == basis);

    /// <summary>
    /// The candidate that fails only because it is not in service yet (planned or under construction), earliest
    /// commissioning first: built as recorded, it serves the village from that date.
    /// </summary>
    public PlannedFix? Planned { get; } = Explanation.Candidates
        .Where(c => c.Reasons is ["not_in_service"] && c.Status is "planned" or "under_construction")
        .OrderBy(c => c.CommissionedOn ?? DateOnly.MaxValue).ThenBy(c => c.DistanceM)
        .Select(c => new PlannedFix(c.Basis, c.Code, c.Carrier, c.Status!, c.CommissionedOn)).FirstOrDefault();
}

/// <summary>
/// The villages of one level without a service on a date, by county and township, largest gaps first. The
/// tallies are <see cref="CoverageSummary"/>'s, the very figures of <c>/api/coverage</c>; the rows are produced
/// one at a time as a writer asks for them, with the same explanation as <c>/api/villages/{code}/services</c>.
/// </summary>
public sealed class UnservedReport
{
    private readonly CoverageSnapshot _snapshot;
    private readonly NetworkSnapshot _network;

    private UnservedReport(UnservedQuery query, ReportHeader header, CoverageSnapshot snapshot, NetworkSnapshot network,
        IReadOnlyList<CountySection> counties, RegionTally total, string scopeName)
    {
        Query = query;
        Header = header;
        _snapshot = snapshot;
        _network = network;
        Counties = counties;
        Total = total;
        ScopeName = scopeName;
    }

    public UnservedQuery Query { get; }

    public ReportHeader Header { get; }

    public IReadOnlyList<CountySection> Counties { get; }

    /// <summary>The whole scope: the city, one county or one township.</summary>
    public RegionTally Total { get; }

    /// <summary>驻马店市, a county's name, or "county township".</summary>
    public string ScopeName { get; }

    /// <summary>The kinds of candidate the service's rule names, in column order (see CoverageExplainer's candidate kinds).</summary>
    public IReadOnlyList<string> CandidateBases => Query.Service switch
    {
        Service.Mobile => ["filing", "base_station"],
        Service.Broadband => ["filing", "access_point"],
        Service.Phone => ["filing", "base_station", "access_point", "switching_node"],
        Service.CableTv => ["filing"],
        _ => ["broadcast_transmitter"],
    };

    public bool HasFiberColumn => Query.Service == Service.Broadband;

    public static UnservedReport Build(UnservedQuery query, ReportHeader header, CoverageSnapshot snapshot, NetworkSnapshot network, string cityName)
    {
        var result = snapshot.Result;
        var summary = snapshot.Summary;
        var group = query.Kind == VillageKind.Administrative ? PlaceGroup.Administrative : PlaceGroup.Natural;
        var byTownship = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var v in result.Unserved(query.Service, query.Kind))
        {
            var village = result.Villages[v];
            if ((query.Township is { } t && village.TownshipCode != t) || (query.County is { } c && village.CountyCode != c))
            {
                continue;
            }

            if (!byTownship.TryGetValue(village.TownshipCode, out var list))
            {
                byTownship[village.TownshipCode] = list = [];
            }

            list.Add(v);
        }

        var counties = new List<CountySection>();
        foreach (var county in network.Counties.Where(c => query.County is null || c.Code == query.County))
        {
            var townships = network.Input.Townships
                .Where(t => t.CountyCode == county.Code && (query.Township is null || t.Code == query.Township))
                .Select(t => new TownshipSection(t,
                    summary.Townships.TryGetValue(t.Code, out var s) ? RegionTally.From(t.Code, t.Name, s[query.Service, group]) : new RegionTally(t.Code, t.Name, 0, 0, 0, 0),
                    Sorted(result, byTownship.GetValueOrDefault(t.Code) ?? [])))
                .OrderByDescending(t => t.Tally.UnservedPopulation).ThenBy(t => t.Township.Code, StringComparer.Ordinal)
                .ToList();
            if (query.Township is not null && townships.Count == 0)
            {
                continue;
            }

            var tally = query.Township is null && summary.Counties.TryGetValue(county.Code, out var cs)
                ? RegionTally.From(county.Code, county.Name, cs[query.Service, group])
                : RegionTally.Sum(county.Code, county.Name, townships.Select(t => t.Tally));
            counties.Add(new CountySection(county, tally, townships));
        }

        var scope = query.Township is { } code && counties.Count == 1
            ? $"{counties[0].County.Name} {counties[0].Townships[0].Township.Name}"
            : query.County is not null && counties.Count == 1 ? counties[0].County.Name : cityName;
        return new UnservedReport(query, header, snapshot, network, counties,
            RegionTally.Sum(query.Township ?? query.County ?? summary.City.Code, scope, counties.Select(c => c.Tally)), scope);
    }

    /// <summary>A county's unserved villages in report order (townships as listed, each largest population first), numbered from 1.</summary>
    public IEnumerable<UnservedRow> Rows(CountySection county)
    {
        var rank = 0;
        foreach (var township in county.Townships)
        {
            foreach (var row in Rows(county, township, rank))
            {
                rank = row.Rank;
                yield return row;
            }
        }
    }

    /// <summary>One township's rows, numbered on from <paramref name="after"/>.</summary>
    public IEnumerable<UnservedRow> Rows(CountySection county, TownshipSection township, int after)
    {
        var rank = after;
        foreach (var v in township.Villages)
        {
            yield return new UnservedRow(++rank, _snapshot.Result.Villages[v], township.Township.Name, county.County.Name,
                CoverageApi.Explain(_snapshot, _network, v, Query.Service));
        }
    }

    /// <summary>Carrier code → short name (移动, 电信 …) for the printed report.</summary>
    public string CarrierName(string code, ReportText text) =>
        _network.Carriers.FirstOrDefault(c => c.Code == code) is { } c ? (text.Chinese ? c.ShortName : c.NameEn) : code;

    private static int[] Sorted(CoverageResult result, List<int> villages)
    {
        var array = villages.ToArray();
        Array.Sort(array, (a, b) =>
        {
            var va = result.Villages[a];
            var vb = result.Villages[b];
            return va.Population != vb.Population ? vb.Population.CompareTo(va.Population) : string.CompareOrdinal(va.Code, vb.Code);
        });
        return array;
    }
}
