using Infra.Domain.Assets;
using Infra.Domain.Filings;

namespace Infra.Domain.Coverage;

/// <summary>The lists of a <see cref="CoverageInput"/> that an edit can change.</summary>
public enum CoverageRecord
{
    BaseStation = 1,
    AccessPoint = 2,
    SwitchingNode = 3,
    BroadcastTransmitter = 4,
    FiberRoute = 5,
    Filing = 6,
}

/// <summary>
/// One record that differs between two inputs: its position in the previous input's list (null when it is new)
/// and in the updated input's list (null when it was removed). A record that only moved position (say, the last
/// one moved into a removed record's place) is a change too. Every position no change names must hold the same
/// record in both inputs — <see cref="CoverageEdit"/> makes inputs and changes that keep to this.
/// </summary>
public readonly record struct CoverageChange(CoverageRecord Record, int? Before, int? After);

/// <summary>
/// Edits of a <see cref="CoverageInput"/> that return the edited input (new lists; the old input is untouched)
/// and the changes to hand to <see cref="CoverageEngine.Update"/>. Each copies the one list it edits (a memory
/// copy of references: about a millisecond for a million records). The record type picks the list:
/// <see cref="BaseStation"/>, <see cref="AccessPoint"/>, <see cref="SwitchingNode"/>, <see cref="BroadcastTransmitter"/>,
/// <see cref="FiberRoute"/> or <see cref="ServiceFiling"/>.
/// </summary>
public static class CoverageEdit
{
    /// <summary>The record at <paramref name="position"/> replaced by <paramref name="record"/> (moved, re-dated, re-sized, disputed…).</summary>
    public static (CoverageInput Input, IReadOnlyList<CoverageChange> Changes) Replace<T>(CoverageInput input, int position, T record)
        where T : class
    {
        var list = new List<T>(ListOf<T>(input)) { [position] = record };
        return (With(input, list), [new CoverageChange(KindOf<T>(), position, position)]);
    }

    /// <summary>A new record, appended to its list.</summary>
    public static (CoverageInput Input, IReadOnlyList<CoverageChange> Changes) Add<T>(CoverageInput input, T record)
        where T : class
    {
        var list = new List<T>(ListOf<T>(input)) { record };
        return (With(input, list), [new CoverageChange(KindOf<T>(), null, list.Count - 1)]);
    }

    /// <summary>The record at <paramref name="position"/> withdrawn: the last record takes its place, so no other position moves.</summary>
    public static (CoverageInput Input, IReadOnlyList<CoverageChange> Changes) Remove<T>(CoverageInput input, int position)
        where T : class
    {
        var list = new List<T>(ListOf<T>(input));
        var last = list.Count - 1;
        list[position] = list[last];
        list.RemoveAt(last);
        var kind = KindOf<T>();
        return (With(input, list), position == last
            ? [new CoverageChange(kind, position, null)]
            : [new CoverageChange(kind, position, null), new CoverageChange(kind, last, position)]);
    }

    public static CoverageRecord KindOf<T>() => typeof(T) switch
    {
        var t when t == typeof(BaseStation) => CoverageRecord.BaseStation,
        var t when t == typeof(AccessPoint) => CoverageRecord.AccessPoint,
        var t when t == typeof(SwitchingNode) => CoverageRecord.SwitchingNode,
        var t when t == typeof(BroadcastTransmitter) => CoverageRecord.BroadcastTransmitter,
        var t when t == typeof(FiberRoute) => CoverageRecord.FiberRoute,
        var t when t == typeof(ServiceFiling) => CoverageRecord.Filing,
        var t => throw new ArgumentException($"{t.Name} is not a list of a coverage input.", nameof(T)),
    };

    private static IReadOnlyList<T> ListOf<T>(CoverageInput input) => (IReadOnlyList<T>)(KindOf<T>() switch
    {
        CoverageRecord.BaseStation => (object)input.Stations,
        CoverageRecord.AccessPoint => input.AccessPoints,
        CoverageRecord.SwitchingNode => input.SwitchingNodes,
        CoverageRecord.BroadcastTransmitter => input.Transmitters,
        CoverageRecord.FiberRoute => input.FiberRoutes,
        _ => input.Filings,
    });

    private static CoverageInput With<T>(CoverageInput input, List<T> list) => list switch
    {
        List<BaseStation> l => input with { Stations = l },
        List<AccessPoint> l => input with { AccessPoints = l },
        List<SwitchingNode> l => input with { SwitchingNodes = l },
        List<BroadcastTransmitter> l => input with { Transmitters = l },
        List<FiberRoute> l => input with { FiberRoutes = l },
        List<ServiceFiling> l => input with { Filings = l },
        _ => throw new ArgumentException($"{typeof(T).Name} is not a list of a coverage input.", nameof(list)),
    };
}
