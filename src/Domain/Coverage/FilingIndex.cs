using System.Runtime.CompilerServices;
using Infra.Domain.Filings;

namespace Infra.Domain.Coverage;

/// <summary>
/// Filings by the place they name (position in the places), in input order: built once per list of filings
/// and places, since it hashes every filing's village code, and shared by every evaluation of them. A filing
/// applies to exactly the place it names, never to that place's natural villages; one naming an unknown place is kept out.
/// </summary>
internal sealed class FilingIndex
{
    private static readonly ConditionalWeakTable<IReadOnlyList<ServiceFiling>, FilingIndex> Cache = [];
    private readonly int[] _start;
    private readonly int[] _items;

    private FilingIndex(IReadOnlyList<ServiceFiling> filings, CoveragePlaces places)
    {
        Places = places;
        Count = filings.Count;
        var villageOf = new int[filings.Count];
        _start = new int[places.Count + 1];
        for (var f = 0; f < filings.Count; f++)
        {
            villageOf[f] = places.ByCode.TryGetValue(filings[f].VillageCode, out var v) ? v : -1;
            if (villageOf[f] >= 0)
            {
                _start[villageOf[f] + 1]++;
            }
        }

        for (var v = 0; v < places.Count; v++)
        {
            _start[v + 1] += _start[v];
        }

        _items = new int[_start[places.Count]];
        var next = (int[])_start.Clone();
        for (var f = 0; f < filings.Count; f++)
        {
            if (villageOf[f] >= 0)
            {
                _items[next[villageOf[f]]++] = f;
            }
        }
    }

    public CoveragePlaces Places { get; }

    public int Count { get; }

    public static FilingIndex For(IReadOnlyList<ServiceFiling> filings, CoveragePlaces places)
    {
        var index = Cache.GetValue(filings, f => new FilingIndex(f, places));
        if (!ReferenceEquals(index.Places, places) || index.Count != filings.Count)
        {
            index = new FilingIndex(filings, places);
            Cache.AddOrUpdate(filings, index);
        }

        return index;
    }

    /// <summary>Positions of the filings naming a place, in input order.</summary>
    public ReadOnlySpan<int> Of(int place) => _items.AsSpan(_start[place], _start[place + 1] - _start[place]);
}
