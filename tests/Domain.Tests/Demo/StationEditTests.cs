using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Plans;

namespace Infra.Domain.Tests.Demo;

/// <summary>Editing one station changes exactly the villages it should, and no others.</summary>
public class StationEditTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private static readonly DateOnly AsOf = new(2008, 12, 31);

    [Fact]
    public void Shrinking_a_station_takes_mobile_away_from_exactly_the_villages_it_alone_served()
    {
        var before = demo.CoverageOn(AsOf);

        // The first rural station (in code order) that is some village's only mobile source.
        var (station, alone) = RuralStations().Select(s => (s, Alone(before, s))).First(x => x.Item2.Count > 0);

        var after = Evaluate(before.Input, station, Copy(station, 1));
        Assert.Equal(alone.Order(), Changed(before, after).Order());
    }

    [Fact]
    public void Growing_a_station_gives_mobile_to_exactly_the_unserved_villages_in_its_new_reach()
    {
        var before = demo.CoverageOn(AsOf);
        var station = RuralStations().First();
        var radius = CoverageRules.MaxRadiusM(station, CoverageOptions.Default) * 2;
        var gained = Near(before, station, radius).Where(i => !before.IsServed(i, Service.Mobile)).ToHashSet();

        var after = Evaluate(before.Input, station, Copy(station, radius));
        Assert.Equal(gained.Order(), Changed(before, after).Order());
    }

    private IEnumerable<BaseStation> RuralStations() => demo.Data.BaseStations
        .Where(s => s.Lifecycle.InServiceOn(AsOf) && s.Sectors.Count == 0 && s.Technology == RadioTechnology.Gsm && s.OmniRadiusM > 4_000)
        .OrderBy(s => s.Code, StringComparer.Ordinal);

    private static HashSet<int> Alone(CoverageResult result, BaseStation station) =>
        Near(result, station, CoverageRules.MaxRadiusM(station, CoverageOptions.Default))
            .Where(i => result.IsServed(i, Service.Mobile) &&
                result.Report(i, Service.Mobile).Sources.All(s => s.Code == station.Code && s.CarrierId == station.CarrierId))
            .ToHashSet();

    private static BaseStation Copy(BaseStation s, double radiusM) => new(s.CarrierId, s.Code, s.Name, s.Lifecycle, s.Location, s.Technology,
        radiusM, null, s.AntennaHeightM);

    private static CoverageResult Evaluate(CoverageInput input, BaseStation old, BaseStation replacement) =>
        CoverageEngine.Evaluate(input with { Stations = [.. input.Stations.Select(s => ReferenceEquals(s, old) ? replacement : s)] }, AsOf,
            CoverageOptions.Default);

    private static IEnumerable<int> Near(CoverageResult result, BaseStation s, double radiusM) =>
        Enumerable.Range(0, result.Villages.Count).Where(i =>
            Geodesic.DistanceM(s.Location.X, s.Location.Y, result.Villages[i].Location.X, result.Villages[i].Location.Y) <= radiusM);

    private static IEnumerable<int> Changed(CoverageResult before, CoverageResult after) =>
        Enumerable.Range(0, before.Villages.Count).Where(i => before.IsServed(i, Service.Mobile) != after.IsServed(i, Service.Mobile));
}
