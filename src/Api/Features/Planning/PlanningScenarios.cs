using Infra.Api.Data;
using Infra.Api.Features.Scenarios;
using Infra.Domain.Access;
using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using Infra.Domain.Planning;
using NetTopologySuite.Geometries;

namespace Infra.Api.Features.Planning;

/// <summary>Who asked for a job, so that what the job saves is written under the same role (row-level security applies).</summary>
public sealed record Requester(int? KeyId, Role? Role, short? CarrierId)
{
    public static Requester Of(Actor actor) => new(actor.KeyId, actor.Role, actor.CarrierId);

    public void ActAs(Actor actor)
    {
        if (KeyId is { } key && Role is { } role)
        {
            actor.AsKey(key, role, CarrierId);
        }
        else
        {
            actor.AsSystem();
        }
    }
}

/// <summary>Turns a planning tool's result into a saved scenario.</summary>
public static class PlanningScenarios
{
    public static Scenario FromSiting(string name, SitingResult r, short carrierId, DateTimeOffset now)
    {
        var scenario = new Scenario(name, $"Station siting as of {r.AsOf:yyyy-MM-dd}: {r.Sites.Count} {WireNamesOf(r.Options.Technology)} sites, " +
            $"radius {r.RadiusM:0} m, {r.NewPopulation:N0} people newly covered (bound {r.UpperBound:N0}).", r.AsOf);
        foreach (var s in r.Sites)
        {
            scenario.Add(ProposedAsset.Station(s.Rank, Wgs84.Point(s.Lon, s.Lat), carrierId, r.Options.Technology, r.RadiusM, ProposalSource.Siting,
                s.Label ?? $"site {s.Rank}").Describe(s.CountyCode, s.NewPopulation));
        }

        scenario.Touch(now);
        return scenario;
    }

    /// <summary>
    /// The cable segments, and for villages one proposed PON access point at each village the cable reaches.
    /// <see cref="FiberExtension"/> returns cable only; the broadband rule counts a village as served by an in-service,
    /// fiber-connected access point with free ports in reach (DESIGN §2), so a cable alone would change no village's
    /// broadband and the scenario would show nothing gained. For township seats the cable is distribution tier, which
    /// is what the IP-backbone rule counts.
    /// </summary>
    public static Scenario FromFiber(string name, FiberResult r, CoverageInput network, short carrierId, DateTimeOffset now)
    {
        var villages = r.Options.Terminals == FiberTerminals.AdministrativeVillages;
        var scenario = new Scenario(name, $"Fiber extension as of {r.AsOf:yyyy-MM-dd}: {r.TotalKm:N1} km to connect {r.Terminals.Count} " +
            $"{(villages ? "administrative villages" : "township seats")}; {r.Options.BudgetKm:N0} km reach {r.ShareWithinBudget:P1}.", r.AsOf);
        var tier = villages ? FiberTier.Access : FiberTier.Distribution;
        var sequence = 0;

        // A place that lies on the network already (or on another place) needs no cable: its segment has no length.
        foreach (var s in r.Segments.Where(s => Geodesic.LengthM(s.Line) > 0))
        {
            scenario.Add(ProposedAsset.Fiber(++sequence, s.Line, carrierId, tier, s.RouteKm, ProposalSource.FiberExtension,
                $"{s.FromCode ?? $"route {s.NetworkRouteId}"} → {s.ToCode}").Describe(s.ToCode is { Length: >= 6 } to ? to[..6] : null));
        }

        if (villages)
        {
            var places = network.Villages.ToDictionary(v => v.Code, StringComparer.Ordinal);
            foreach (var t in r.Terminals)
            {
                var at = places[t.Code].Location;
                scenario.Add(ProposedAsset.Access(++sequence, (Point)at.Copy(), carrierId, AccessTechnology.Pon, null, ProposalReader.DefaultPonPorts,
                    ProposalSource.FiberExtension, $"{t.Name} ({t.Code})").Describe(t.CountyCode));
            }
        }

        scenario.Touch(now);
        return scenario;
    }

    private static string WireNamesOf(RadioTechnology t) => Http.WireNames.Of(t);
}
