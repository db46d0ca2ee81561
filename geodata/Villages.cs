using System.Globalization;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>A generated township with what village placement needs to know about it.</summary>
internal sealed record TownshipPart(Township Township, int County, bool HoldsCountySeat, Sampler Sampler, double AreaKm2);

/// <summary>
/// Administrative villages, their natural villages and the residents' committees of each county, with
/// positions, names and a population that adds up exactly to the county's.
/// </summary>
internal static class Villages
{
    private const double UrbanCoreKm = 2.5;      // no 村委会 inside the county town's built-up core
    private const double TownCommunityShare = 0.12;

    private sealed record Hamlet(string Code, string Name, Coordinate At);

    private sealed record AdminDraft(TownshipPart Part, string Code, VillageName Name, Coordinate At, List<Hamlet> Hamlets);

    private sealed record CommunityDraft(TownshipPart Part, string Code, string Name, Coordinate At);

    public static List<Village> Build(IReadOnlyList<CountyFacts> facts, IReadOnlyList<TownshipPart> townships,
        IReadOnlyList<int> countyPopulation, Random random, Names names)
    {
        var villages = new List<Village>();
        for (var c = 0; c < facts.Count; c++)
        {
            var f = facts[c];
            var parts = townships.Where(t => t.County == c).ToList();
            var seat = Sampler.Round(f.SeatLon, f.SeatLat);
            var admin = PlaceAdministrative(f, parts, seat, random, names);
            var communities = PlaceCommunities(f, parts, seat, random, names);
            villages.AddRange(Populate(f, countyPopulation[c], admin, communities, random));
        }

        return [.. villages.OrderBy(v => v.Code, StringComparer.Ordinal)];
    }

    private static List<AdminDraft> PlaceAdministrative(CountyFacts f, List<TownshipPart> parts, Coordinate seat, Random random, Names names)
    {
        // Villages follow farmland: 镇 and 乡 by area; fringe 街道 keep a few 城中村, the seat's 街道 none.
        var weights = parts.Select(p => p.AreaKm2 * p.Township.Kind switch
        {
            TownshipKind.Town or TownshipKind.Township => Apportion.Uniform(random, 0.8, 1.2),
            TownshipKind.Other => 0.5,
            _ => p.HoldsCountySeat ? 0 : 0.4,
        }).ToArray();
        var minimum = parts.Select(p => p.Township.IsRural ? 3 : 0).ToArray();
        if (minimum.Sum() > f.AdminVillages)
        {
            Array.Clear(minimum);
        }

        var counts = Apportion.LargestRemainder(f.AdminVillages - minimum.Sum(), weights);
        var drafts = new List<AdminDraft>();
        for (var t = 0; t < parts.Count; t++)
        {
            var part = parts[t];
            var n = counts[t] + minimum[t];
            if (n > 99)
            {
                throw new InvalidOperationException($"Township {part.Township.Code} would hold {n} villages, more than codes 201–299 allow.");
            }

            var usedNames = new HashSet<string>(StringComparer.Ordinal);
            var placed = new List<Coordinate>();
            var here = new List<AdminDraft>();
            for (var k = 0; k < n; k++)
            {
                var at = part.Sampler.BestCandidate(random, placed, 10,
                    part.Township.Kind == TownshipKind.Subdistrict ? c => Sampler.DistanceKm(c, seat) >= UrbanCoreKm : null);
                placed.Add(at);
                var code = part.Township.Code + (201 + k).ToString("000", CultureInfo.InvariantCulture);
                here.Add(new AdminDraft(part, code, names.Village(usedNames), at, []));
            }

            foreach (var draft in here)
            {
                PlaceHamlets(draft, placed, random, names);
            }

            drafts.AddRange(here);
        }

        return drafts;
    }

    /// <summary>3–9 natural villages 0.4–2.5 km from the 村委会, nearer to it than to any other village's.</summary>
    private static void PlaceHamlets(AdminDraft village, List<Coordinate> neighbours, Random random, Names names)
    {
        var hamletNames = names.Hamlets(village.Name, random.Next(3, 10));
        var placed = new List<Coordinate>();
        foreach (var name in hamletNames)
        {
            bool Spaced(Coordinate c, double spacingKm) => placed.All(p => Sampler.DistanceKm(c, p) >= spacingKm);
            bool Own(Coordinate c)
            {
                var own = Sampler.DistanceKm(c, village.At);
                return neighbours.All(n => n.Equals2D(village.At) || Sampler.DistanceKm(c, n) > own);
            }

            // The margins (0.45–2.4 km) keep the 0.4–2.5 km promise despite the local-plane distances.
            var at = village.Part.Sampler.Around(random, village.At, 0.45, 2.4, c => Spaced(c, 0.4) && Own(c), 200)
                ?? village.Part.Sampler.Around(random, village.At, 0.45, 2.4, c => Spaced(c, 0.15), 2000)
                ?? throw new InvalidOperationException($"No room for the natural villages of {village.Code}.");
            placed.Add(at);
            var code = village.Code + (placed.Count).ToString("000", CultureInfo.InvariantCulture);
            village.Hamlets.Add(new Hamlet(code, name, at));
        }
    }

    /// <summary>Residents' committees: most in the 街道 around the county seat, one each in a few 镇 seats.</summary>
    private static List<CommunityDraft> PlaceCommunities(CountyFacts f, List<TownshipPart> parts, Coordinate seat, Random random, Names names)
    {
        var urban = parts.Where(p => p.Township.Kind == TownshipKind.Subdistrict).ToList();
        if (urban.Count == 0)
        {
            urban = [.. parts.Where(p => p.HoldsCountySeat)];
        }

        var towns = parts.Where(p => p.Township.Kind == TownshipKind.Town && !urban.Contains(p)).ToList();
        TownshipPlanner.Shuffle(towns, random);
        var inTowns = Math.Min(towns.Count, (int)Math.Round(f.ResidentsCommittees * TownCommunityShare));
        var inUrban = f.ResidentsCommittees - inTowns;
        var weights = urban.Select(p => Apportion.Uniform(random, 0.8, 1.2) /
            (1 + (Sampler.DistanceKm(p.Township.Seat.Coordinate, seat) / 2))).ToArray();
        var counts = Apportion.LargestRemainder(inUrban, weights, inUrban >= urban.Count ? 1 : 0);
        var spreadKm = Math.Sqrt(urban.Sum(p => p.AreaKm2) / Math.PI) * 0.6;

        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var drafts = new List<CommunityDraft>();
        string Code(TownshipPart part, int k) => part.Township.Code + (1 + k).ToString("000", CultureInfo.InvariantCulture);
        var placed = new List<Coordinate>();
        for (var t = 0; t < urban.Count; t++)
        {
            for (var k = 0; k < counts[t]; k++)
            {
                var at = NearSeat(urban[t].Sampler, seat, spreadKm, placed, random);
                placed.Add(at);
                drafts.Add(new CommunityDraft(urban[t], Code(urban[t], k), names.Community(usedNames), at));
            }
        }

        foreach (var town in towns.Take(inTowns))
        {
            var at = town.Sampler.Around(random, town.Township.Seat.Coordinate, 0.1, 0.8, _ => true, 1000)
                ?? town.Township.Seat.Coordinate;
            drafts.Add(new CommunityDraft(town, Code(town, 0), names.Community(usedNames), at));
        }

        return drafts;
    }

    private static Coordinate NearSeat(Sampler sampler, Coordinate seat, double spreadKm, List<Coordinate> placed, Random random)
    {
        // Best of a few candidates drawn around the seat: dense towards the centre, yet not stacked.
        Coordinate? best = null;
        var bestScore = double.NegativeInfinity;
        for (var attempt = 0; attempt < 400; attempt++)
        {
            var c = Sampler.Offset(seat, spreadKm * Apportion.Normal(random), spreadKm * Apportion.Normal(random));
            if (!sampler.Contains(c))
            {
                continue;
            }

            var score = placed.Count == 0 ? 0 : placed.Min(p => Sampler.DistanceKm(c, p));
            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }

            if (attempt > 40 && best is not null)
            {
                break;
            }
        }

        return best ?? sampler.BestCandidate(random, placed, 6);
    }

    private static List<Village> Populate(CountyFacts f, int population, List<AdminDraft> admin,
        List<CommunityDraft> communities, Random random)
    {
        var hamletCount = admin.Sum(a => a.Hamlets.Count);
        // Urban share ~2005: a district is about half town, a county seat holds 10–20 % of its county.
        var share = f.IsDistrict ? Apportion.Uniform(random, 0.42, 0.48) : Apportion.Uniform(random, 0.10, 0.20);
        share = communities.Count == 0 ? 0 : hamletCount == 0 ? 1 : share;
        var urban = (int)Math.Round(population * share);

        var communityPeople = Apportion.LargestRemainder(urban,
            communities.Select(_ => Apportion.LogNormal(random, 0.35)).ToArray());
        var hamletPeople = Apportion.LargestRemainder(population - urban,
            Enumerable.Range(0, hamletCount).Select(_ => Apportion.LogNormal(random, 0.6)).ToArray(),
            hamletCount > 0 && population - urban >= 30L * hamletCount ? 30 : 0);

        var villages = new List<Village>();
        for (var k = 0; k < communities.Count; k++)
        {
            var d = communities[k];
            villages.Add(new Village(d.Code, VillageKind.Community, d.Name, d.Part.Township.Code, null,
                Sampler.ToPoint(d.At), communityPeople[k], Apportion.Households(random, communityPeople[k])));
        }

        var h = 0;
        foreach (var a in admin)
        {
            var hamlets = new List<Village>();
            foreach (var hamlet in a.Hamlets)
            {
                var people = hamletPeople[h++];
                hamlets.Add(new Village(hamlet.Code, VillageKind.Natural, hamlet.Name, a.Part.Township.Code, a.Code,
                    Sampler.ToPoint(hamlet.At), people, Apportion.Households(random, people)));
            }

            villages.Add(new Village(a.Code, VillageKind.Administrative, a.Name.Full, a.Part.Township.Code, null,
                Sampler.ToPoint(a.At), hamlets.Sum(v => v.Population), hamlets.Sum(v => v.Households)));
            villages.AddRange(hamlets);
        }

        return villages;
    }
}
