namespace Infra.Domain.Coverage;

/// <summary>
/// A fixed number of values per place, kept in pages of 4,096 places so that an incremental update copies only
/// the pages it writes (a few tens of kilobytes) instead of the whole table, and the previous table stays valid.
/// </summary>
internal sealed class Pages<T>
    where T : struct
{
    private const int Shift = 12;
    private const int PageSize = 1 << Shift;
    private readonly T[][] _pages;

    public Pages(int places, int width)
    {
        Width = width;
        _pages = new T[(places + PageSize - 1) >> Shift][];
        for (var p = 0; p < _pages.Length; p++)
        {
            _pages[p] = new T[Math.Min(PageSize, places - (p << Shift)) * width];
        }
    }

    private Pages(T[][] pages, int width) => (_pages, Width) = (pages, width);

    public int Width { get; }

    public T this[int place, int k] => _pages[place >> Shift][((place & (PageSize - 1)) * Width) + k];

    /// <summary>The values of one place, to fill while building (each place written by one thread).</summary>
    public Span<T> Of(int place) => _pages[place >> Shift].AsSpan((place & (PageSize - 1)) * Width, Width);

    /// <summary>A copy whose pages holding <paramref name="places"/> are fresh copies, ready for <see cref="Of"/>; the rest are shared.</summary>
    public Pages<T> CopyOnWrite(IEnumerable<int> places)
    {
        var pages = (T[][])_pages.Clone();
        foreach (var p in places.Select(v => v >> Shift).Distinct())
        {
            pages[p] = (T[])_pages[p].Clone();
        }

        return new Pages<T>(pages, Width);
    }
}
