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
    private readonly CoverageBasis[] _bases;
    private readonly Lazy<CoverageExplainer> _explainer;
    private readonly Lazy<TownshipTable> _townships;

    internal CoverageResult(CoverageIndex index, CoverageBasis[] bases)
    {
        _index = index;
        _bases = bases;
        _explainer = new Lazy<CoverageExplainer>(() => new CoverageExplainer(index), LazyThreadSafetyMode.ExecutionAndPublication);
        _townships = new Lazy<TownshipTable>(() => new TownshipTable(index, bases), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public DateOnly AsOf => _index.AsOf;

    public CoverageOptions Options => _index.Options;

    public CoverageInput Input => _index.Input;

    public IReadOnlyList<Village> Villages => _index.Input.Villages;

    /// <summary>Townships of the input, then townships only named by villages (these have no seat), in order of appearance.</summary>
    public IReadOnlyList<string> TownshipCodes => _townships.Value.Codes;

    /// <summary>The township record behind each of <see cref="TownshipCodes"/>, null when only villages name it.</summary>
    public IReadOnlyList<Township?> TownshipRecords => _townships.Value.Records;

    /// <summary>Position in <see cref="TownshipCodes"/> of each village's township.</summary>
    internal int[] VillageTownship => _townships.Value.VillageTownship;

    /// <summary>Position of a place in <see cref="Villages"/>, or -1.</summary>
    public int IndexOf(string villageCode) => _index.VillageByCode.Value.TryGetValue(villageCode, out var v) ? v : -1;

    /// <summary>What a village service rests on in a place; <see cref="CoverageBasis.None"/> when unserved.</summary>
    public CoverageBasis Bases(int village, Service service) =>
        _bases[(village * CoverageRules.VillageServices.Count) + CoverageIndex.Slot(service)];

    public bool IsServed(int village, Service service) => Bases(village, service) != CoverageBasis.None;

    /// <summary>
    /// Whether a township has a service: for the IP backbone, its seat within reach of a backbone route;
    /// for a village service, any of its places (administrative or natural village, community) having it —
    /// the plan's "乡镇贯通有线电视" asks that the network reach the township, not every village in it.
    /// </summary>
    public bool IsTownshipServed(int township, Service service) => service == Service.IpBackbone
        ? _townships.Value.IpBackbone[township]
        : (_townships.Value.Services[township] & (1 << CoverageIndex.Slot(service))) != 0;

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

    /// <summary>
    /// Townships and what they have, built on first use: most callers of the bulk pass want villages, and
    /// mapping a million villages to townships costs as much as a good part of the pass.
    /// </summary>
    private sealed class TownshipTable
    {
        public TownshipTable(CoverageIndex index, CoverageBasis[] bases)
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
            var services = new List<int>(new int[Codes.Count]);
            for (var v = 0; v < VillageTownship.Length; v++)
            {
                var code = index.Input.Villages[v].TownshipCode;
                if (!positions.TryGetValue(code, out var t))
                {
                    t = positions[code] = Codes.Count;
                    Codes.Add(code);
                    Records.Add(null);
                    services.Add(0);
                }

                VillageTownship[v] = t;
                for (var slot = 0; slot < width; slot++)
                {
                    services[t] |= bases[(v * width) + slot] != CoverageBasis.None ? 1 << slot : 0;
                }
            }

            Services = [.. services];
            IpBackbone = [.. Records.Select(r => r is not null && index.FiberForBackbone.Nearest(r.Seat.X, r.Seat.Y) is not null)];
        }

        public List<string> Codes { get; } = [];

        public List<Township?> Records { get; } = [];

        public int[] VillageTownship { get; }

        /// <summary>Per township, a bit per village-service slot that any of its places has.</summary>
        public int[] Services { get; }

        public bool[] IpBackbone { get; }
    }
}
