using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Filings;
using Infra.Domain.Plans;
using static Infra.Domain.Tests.Coverage.CoverageFixture;

namespace Infra.Domain.Tests.Coverage;

/// <summary>
/// An update must give exactly what a full evaluation of the edited input gives — for every place and service,
/// with sources and candidates, and for townships — after any sequence of edits to any kind of record, and it must
/// re-evaluate only places the edit can reach.
/// </summary>
public class IncrementalUpdateTests
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 10)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_edits_give_what_a_full_evaluation_gives(int seed)
    {
        var random = new RandomCoverageCase(seed);
        var edits = new Random(seed * 7);
        var result = CoverageEngine.Evaluate(random.Input, AsOf, random.Options);
        _ = result.TownshipCodes; // the township table is carried forward once built

        for (var step = 0; step < 40; step++)
        {
            var (input, changes, what) = RandomEdit(result.Input, edits);
            var updated = CoverageEngine.Update(result, input, changes);
            var full = CoverageEngine.Evaluate(input, AsOf, random.Options);

            AssertSame(full, updated, $"seed {seed}, step {step}: {what}");
            result = updated;
        }
    }

    [Fact]
    public void Moving_a_station_re_evaluates_only_the_places_near_its_old_and_new_positions()
    {
        var near = Place("411702001001", "POINT (114.001 33.001)");
        var movedTo = Place("411702001002", "POINT (114.2 33.2)");
        var far = Place("411702001003", "POINT (114.6 33.6)");
        var station = Station("POINT (114 33)", omniRadiusM: 2_000);
        var input = Input([near, movedTo, far], [station]);
        var before = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default);

        var moved = Station("POINT (114.2005 33.2)", omniRadiusM: 2_000);
        var (edited, changes) = CoverageEdit.Replace(input, 0, moved);
        var after = CoverageEngine.Update(before, edited, changes);

        Assert.True(before.IsServed(0, Service.Mobile));
        Assert.False(after.IsServed(0, Service.Mobile));
        Assert.True(after.IsServed(1, Service.Mobile));
        Assert.Equal([0, 1], after.Reevaluated);
        Assert.True(before.IsServed(0, Service.Mobile), "the previous result stays as it was");
    }

    [Fact]
    public void An_update_refuses_a_different_list_of_places()
    {
        var input = Input([Place("411702001001", "POINT (114 33)")]);
        var result = CoverageEngine.Evaluate(input, AsOf, CoverageOptions.Default);

        Assert.Throws<ArgumentException>(() => CoverageEngine.Update(result, input with { Villages = [.. input.Villages] }, []));
    }

    private static void AssertSame(CoverageResult full, CoverageResult updated, string context)
    {
        var villages = full.Input.Villages.Count;
        for (var v = 0; v < villages; v++)
        {
            foreach (var service in CoverageRules.VillageServices)
            {
                if (full.Bases(v, service) != updated.Bases(v, service) || Format(full.Report(v, service)) != Format(updated.Report(v, service)))
                {
                    Assert.Fail($"{context}: {Format(updated.Report(v, service))} but a full evaluation gives {Format(full.Report(v, service))}");
                }
            }
        }

        Assert.Equal(full.TownshipCodes, updated.TownshipCodes);
        for (var t = 0; t < full.TownshipCodes.Count; t++)
        {
            foreach (var service in Enum.GetValues<Service>())
            {
                Assert.True(full.IsTownshipServed(t, service) == updated.IsTownshipServed(t, service), $"{context}: township {t} {service}");
            }

            Assert.Equal(Format(full.TownshipReport(t)), Format(updated.TownshipReport(t)));
        }
    }

    private static (CoverageInput, IReadOnlyList<CoverageChange>, string) RandomEdit(CoverageInput input, Random random)
    {
        var (lon, lat) = (113.9 + (random.NextDouble() * 0.3), 32.9 + (random.NextDouble() * 0.3));
        var place = input.Villages[random.Next(input.Villages.Count)].Location;
        var life = random.Next(4) switch
        {
            0 => Lifecycle.InServiceSince(AsOf),
            1 => new Lifecycle(null, null, new DateOnly(2005, 1, 1), AsOf),
            2 => new Lifecycle(AsOf.AddDays(-30), null, null, null),
            _ => Since2005,
        };
        switch (random.Next(14))
        {
            case 0:
            {
                var s = random.Next(input.Stations.Count);
                var old = input.Stations[s];
                var moved = new BaseStation(old.CarrierId, old.Code, null, old.Lifecycle, Pt(lon, lat), old.Technology, old.OmniRadiusM, old.Sectors, 30);
                return Edit(CoverageEdit.Replace(input, s, moved), $"move station {s}");
            }

            case 1:
            {
                var s = random.Next(input.Stations.Count);
                var old = input.Stations[s];
                var radius = Math.Max(1, Infra.Domain.Geo.Geodesic.DistanceM(old.Location.X, old.Location.Y, place.X, place.Y));
                var bearing = Infra.Domain.Geo.Geodesic.InitialBearingDeg(old.Location.X, old.Location.Y, place.X, place.Y);
                Sector[]? sectors = random.Next(2) == 0 ? null
                    : [new Sector(Math.Round((bearing + 30) % 360, 6), 60, radius), new Sector(350, 40, radius * 0.5)];
                var resized = new BaseStation(old.CarrierId, old.Code, null, old.Lifecycle, old.Location, old.Technology,
                    sectors is null ? radius : null, sectors, 30);
                return Edit(CoverageEdit.Replace(input, s, resized), $"re-size station {s} to reach a village exactly");
            }

            case 2:
            {
                var s = random.Next(input.Stations.Count);
                var old = input.Stations[s];
                var redated = new BaseStation(old.CarrierId, old.Code, null, life, old.Location, old.Technology, old.OmniRadiusM, old.Sectors, 30);
                return Edit(CoverageEdit.Replace(input, s, redated), $"re-date station {s}");
            }

            case 3:
                return Edit(CoverageEdit.Add(input, Station(PointWkt(lon, lat), (RadioTechnology)random.Next(1, 9), random.Next(2) == 0 ? null : 500 + random.Next(6_000), null, life)), "add a station");
            case 4:
                return Edit(CoverageEdit.Remove<BaseStation>(input, random.Next(input.Stations.Count)), "withdraw a station");
            case 5:
            {
                var a = random.Next(input.AccessPoints.Count);
                var old = input.AccessPoints[a];
                var full = random.Next(2) == 0;
                var changed = new AccessPoint(old.CarrierId, old.Code, null, old.Lifecycle, random.Next(2) == 0 ? old.Location : Pt(lon, lat), old.Technology,
                    old.Ports, full ? old.Ports : 0, old.ReachM, !old.FiberConnected, old.Integrated);
                return Edit(CoverageEdit.Replace(input, a, changed), $"change access point {a}");
            }

            case 6:
                return Edit(CoverageEdit.Remove<AccessPoint>(input, random.Next(input.AccessPoints.Count)), "withdraw an access point");
            case 7:
                return Edit(CoverageEdit.Add(input, Node(PointWkt(lon, lat), (SwitchingNodeKind)random.Next(1, 7), life)), "add a switching node");
            case 8:
            {
                var t = random.Next(input.Transmitters.Count);
                var old = input.Transmitters[t];
                var changed = new BroadcastTransmitter(old.CarrierId, old.Code, null, life, Pt(lon, lat), old.BroadcastKind, old.PowerKw, 2_000 + random.Next(20_000));
                return Edit(CoverageEdit.Replace(input, t, changed), $"move transmitter {t}");
            }

            case 9:
            {
                var route = Route(FormattableString.Invariant($"LINESTRING ({lon:R} {lat:R}, {place.X:R} {place.Y:R})"), (FiberTier)random.Next(1, 4), life);
                return Edit(CoverageEdit.Add(input, route), "lay a fiber route to a village");
            }

            case 10:
                return Edit(CoverageEdit.Remove<FiberRoute>(input, random.Next(input.FiberRoutes.Count)), "withdraw a fiber route");
            case 11:
            {
                var f = random.Next(input.Filings.Count);
                var old = input.Filings[f];
                var disputed = new ServiceFiling(old.CarrierId, old.Code, old.VillageCode, old.Service, null, null, null, old.ValidFrom, old.ValidTo, null);
                disputed.Dispute(random.Next(2) == 0 ? AsOf : AsOf.AddDays(1), "not seen on site");
                return Edit(CoverageEdit.Replace(input, f, disputed), $"dispute filing {f}");
            }

            case 12:
            {
                var village = input.Villages[random.Next(input.Villages.Count)].Code;
                return Edit(CoverageEdit.Add(input, Filing(village, (FiledService)random.Next(1, 5), Catv)), $"file for {village}");
            }

            default:
                return Edit(CoverageEdit.Remove<ServiceFiling>(input, random.Next(input.Filings.Count)), "withdraw a filing");
        }
    }

    private static (CoverageInput, IReadOnlyList<CoverageChange>, string) Edit((CoverageInput Input, IReadOnlyList<CoverageChange> Changes) edit, string what) =>
        (edit.Input, edit.Changes, what);

    private static string PointWkt(double lon, double lat) => FormattableString.Invariant($"POINT ({lon:R} {lat:R})");
}
