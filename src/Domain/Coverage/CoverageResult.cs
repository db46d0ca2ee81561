using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Domain.Coverage;

/// <summary>
/// Coverage of every place and township on one date. Places are addressed by their position in
/// <see cref="CoverageInput.Villages"/>, townships by their position in <see cref="TownshipCodes"/>.
/// Bases are computed for all; sources and candidates per place on request, with the same rules.
/// </summary>
public sealed class CoverageResult
{
    private readonly CoverageIndex _index;
    private readonly Pages<CoverageBasis> _bases;
    private readonly Lazy<CoverageExplainer> _explainer;
    private readonly Lazy<TownshipTable> _townships;

    internal CoverageResult(CoverageIndex index, Pages<CoverageBasis> bases, Func<TownshipTable>? townships)
    {
        _index = index;
        _bases = bases;
        _explainer = new Lazy<CoverageExplainer>(() => new CoverageExplainer(index), LazyThreadSafetyMode.ExecutionAndPublication);
        _townships = new Lazy<TownshipTable>(townships ?? (() => new TownshipTable(index, this)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DateOnly AsOf => _index.AsOf;

    public CoverageOptions Options => _index.Options;

    public CoverageInput Input => _index.Input;

    public IReadOnlyList<Village> Villages => _index.Input.Villages;

    /// <summary>Townships of the input, then townships only named by villages (these have no seat), in order of appearance.</summary>
    public IReadOnlyList<string> TownshipCodes => _townships.Value.Codes;

    /// <summary>The township record behind each of <see cref="TownshipCodes"/>, null when only villages name it.</summary>
    public IReadOnlyList<Township?> TownshipRecords => _townships.Value.Records;

    /// <summary>
    /// Positions of the places an incremental update re-evaluated (<see cref="CoverageEngine.Update"/>), ascending;
    /// empty for a full evaluation. Only these can differ from the previous result.
    /// </summary>
    public IReadOnlyList<int> Reevaluated { get; internal init; } = [];

    /// <summary>Position in <see cref="TownshipCodes"/> of each village's township.</summary>
    internal int[] VillageTownship => _townships.Value.VillageTownship;

    internal CoverageIndex Index => _index;

    internal Pages<CoverageBasis> Table => _bases;

    /// <summary>The township table if it was built, for an update to carry forward.</summary>
    internal TownshipTable? TownshipsIfBuilt => _townships.IsValueCreated ? _townships.Value : null;

    /// <summary>Position of a place in <see cref="Villages"/>, or -1.</summary>
    public int IndexOf(string villageCode) => _index.Places.ByCode.TryGetValue(villageCode, out var v) ? v : -1;

    /// <summary>What a village service rests on in a place; <see cref="CoverageBasis.None"/> when unserved.</summary>
    public CoverageBasis Bases(int village, Service service) => _bases[village, CoverageIndex.Slot(service)];

    public bool IsServed(int village, Service service) => Bases(village, service) != CoverageBasis.None;

    /// <summary>
    /// Whether a township has a service: for the IP backbone, its seat within reach of a backbone route;
    /// for a village service, any of its places (administrative or natural village, community) having it —
    /// the plan's "乡镇贯通有线电视" asks that the network reach the township, not every village in it.
    /// </summary>
    public bool IsTownshipServed(int township, Service service) => service == Service.IpBackbone
        ? _townships.Value.IpBackbone[township]
        : _townships.Value.Served[(township * CoverageRules.VillageServices.Count) + CoverageIndex.Slot(service)] > 0;

    /// <summary>Positions of the places without a service, in input order, optionally of one kind.</summary>
    public IEnumerable<int> Unserved(Service service, VillageKind? kind = null)
    {
        for (var v = 0; v < _index.Input.Villages.Count; v++)
        {
            if (!IsServed(v, service) && (kind is null || _index.Input.Villages[v].Kind == kind))
            {
                yield return v;
            }
        }
    }

    /// <summary>A village service in one place with its sources, and candidates when it is unserved.</summary>
    public ServiceReport Report(int village, Service service) => _explainer.Value.Report(village, service);

    /// <summary>The IP backbone in one township: the routes near its seat, or the nearest route and why it does not count.</summary>
    public ServiceReport TownshipReport(int township) =>
        _explainer.Value.TownshipReport(TownshipCodes[township], TownshipRecords[township]);
}

/// <summary>
/// Townships and what they have, built on first use: most callers of the bulk pass want villages, and mapping a
/// million villages to townships costs as much as a good part of the pass. Per township and village service it
/// counts the places served, so an incremental update adjusts counts instead of scanning every place again.
/// </summary>
internal sealed class TownshipTable
{
    public TownshipTable(CoverageIndex index, CoverageResult result)
    {
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var township in index.Input.Townships)
        {
            positions[township.Code] = Codes.Count;
            Codes.Add(township.Code);
            Records.Add(township);
        }

        var width = CoverageRules.VillageServices.Count;
        VillageTownship = new int[index.Input.Villages.Count];
        for (var v = 0; v < VillageTownship.Length; v++)
        {
            var code = index.Input.Villages[v].TownshipCode;
            if (!positions.TryGetValue(code, out var t))
            {
                t = positions[code] = Codes.Count;
                Codes.Add(code);
                Records.Add(null);
            }

            VillageTownship[v] = t;
        }

        Served = new int[Codes.Count * width];
        for (var v = 0; v < VillageTownship.Length; v++)
        {
            for (var slot = 0; slot < width; slot++)
            {
                Served[(VillageTownship[v] * width) + slot] += result.Table[v, slot] != CoverageBasis.None ? 1 : 0;
            }
        }

        IpBackbone = [.. Records.Select(r => r is not null && index.FiberForBackbone.Value.Nearest(r.Seat.X, r.Seat.Y) is not null)];
    }

    private TownshipTable(TownshipTable previous, int[] served, bool[] ipBackbone)
    {
        (Codes, Records, VillageTownship, Served, IpBackbone) = (previous.Codes, previous.Records, previous.VillageTownship, served, ipBackbone);
    }

    public List<string> Codes { get; } = [];

    public List<Township?> Records { get; } = [];

    public int[] VillageTownship { get; }

    /// <summary>Per township and village-service slot, how many of its places have the service.</summary>
    public int[] Served { get; }

    public bool[] IpBackbone { get; }

    /// <summary>The table after the places <paramref name="reevaluated"/> went from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public TownshipTable After(IReadOnlyList<int> reevaluated, Pages<CoverageBasis> before, Pages<CoverageBasis> after, CoverageIndex index, bool fiberChanged)
    {
        var width = CoverageRules.VillageServices.Count;
        var served = (int[])Served.Clone();
        foreach (var v in reevaluated)
        {
            for (var slot = 0; slot < width; slot++)
            {
                served[(VillageTownship[v] * width) + slot] +=
                    (after[v, slot] != CoverageBasis.None ? 1 : 0) - (before[v, slot] != CoverageBasis.None ? 1 : 0);
            }
        }

        var ip = fiberChanged
            ? [.. Records.Select(r => r is not null && index.FiberForBackbone.Value.Nearest(r.Seat.X, r.Seat.Y) is not null)]
            : IpBackbone;
        return new TownshipTable(this, served, ip);
    }
}
