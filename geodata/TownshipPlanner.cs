using Infra.Domain.Regions;

namespace Infra.Geodata;

/// <summary>Where one township grows from, what it is and how large it should become.</summary>
internal sealed record TownshipSeed(int County, TownshipKind Kind, Seed Seed, bool HoldsCountySeat);

/// <summary>
/// Places the seeds of each county's townships. 街道 sit on a sunflower spiral around the county seat
/// (the first on the seat itself), so the town's subdistricts form one small cluster; 镇, 乡 and other
/// units spread evenly over the rest of the county (k-means over its cells), as rural townships do.
/// </summary>
internal static class TownshipPlanner
{
    // A 街道 is about 1.5 % of its county (驿城区: 13 × ~19 km²); rural units share the rest.
    private const double SubdistrictShare = 0.015;
    private const double GoldenAngle = 2.399963229728653;

    // Ground around a township's seat that balancing never moves to a neighbour, km.
    private const double UrbanHoldKm = 0.8;
    private const double RuralHoldKm = 1.5;

    public static List<TownshipSeed> Plan(Grid grid, IReadOnlyList<CountyFacts> facts, int[] countyOf, Random random)
    {
        var areas = Growth.Areas(grid, countyOf, facts.Count);
        var cellsOf = new List<int>[facts.Count];
        for (var c = 0; c < facts.Count; c++)
        {
            cellsOf[c] = [];
        }

        for (var cell = 0; cell < countyOf.Length; cell++)
        {
            if (countyOf[cell] >= 0)
            {
                cellsOf[countyOf[cell]].Add(cell);
            }
        }

        var seeds = new List<TownshipSeed>();
        for (var c = 0; c < facts.Count; c++)
        {
            seeds.AddRange(PlanCounty(grid, facts[c], c, cellsOf[c], countyOf, areas[c], random));
        }

        return seeds;
    }

    private static List<TownshipSeed> PlanCounty(Grid grid, CountyFacts f, int county, List<int> cells, int[] countyOf,
        double area, Random random)
    {
        var seat = grid.CellAt(f.SeatLon, f.SeatLat);
        var seeds = new List<TownshipSeed>();
        var taken = new HashSet<int>();

        // Without 街道 the seat lies in a 镇, as it does in counties whose seat is a town.
        var counts = new Dictionary<TownshipKind, int>
        {
            [TownshipKind.Subdistrict] = f.Subdistricts,
            [TownshipKind.Town] = f.Towns,
            [TownshipKind.Township] = f.TownshipsXiang,
            [TownshipKind.Other] = f.Other,
        };
        var urbanKind = Enum.GetValues<TownshipKind>().First(k => counts[k] > 0);
        var urbanCount = urbanKind == TownshipKind.Subdistrict ? f.Subdistricts : 1;
        counts[urbanKind] -= urbanCount;
        var meanUrban = SubdistrictShare * area;
        var turn = random.NextDouble() * 2 * Math.PI;
        for (var k = 0; seeds.Count < urbanCount; k++)
        {
            var r = Math.Sqrt(k * meanUrban / Math.PI);
            var angle = turn + (k * GoldenAngle);
            var lon = f.SeatLon + (r * Math.Cos(angle) / grid.KmPerDegreeLon);
            var lat = f.SeatLat + (r * Math.Sin(angle) / Grid.KmPerDegreeLatitude);
            var cell = k == 0 ? seat : grid.CellAtOrNone(lon, lat);
            if (cell >= 0 && countyOf[cell] == county && taken.Add(cell))
            {
                var target = meanUrban * (0.7 + (0.6 * random.NextDouble()));
                seeds.Add(new TownshipSeed(county, urbanKind, new Seed(cell, county, target, UrbanHoldKm), k == 0));
            }

            if (k > 50 * urbanCount)
            {
                throw new InvalidOperationException($"No room for the 街道 of {f.Code} around its seat.");
            }
        }

        var kinds = new List<TownshipKind>();
        foreach (var kind in Enum.GetValues<TownshipKind>())
        {
            kinds.AddRange(Enumerable.Repeat(kind, counts[kind]));
        }

        Shuffle(kinds, random);
        if (kinds.Count == 0)
        {
            return seeds;
        }

        var urbanArea = seeds.Sum(s => s.Seed.TargetKm2);
        var meanRural = (area - urbanArea) / kinds.Count;
        var urbanRadius = Math.Sqrt(urbanArea / Math.PI) + (0.5 * Math.Sqrt(meanRural / Math.PI));
        var rural = cells.Where(cell => grid.DistanceKm(cell, seat) > urbanRadius).ToList();
        var centres = KMeans(grid, rural.Count > kinds.Count ? rural : cells, kinds.Count, random);
        var weights = kinds.Select(k => (k == TownshipKind.Other ? 0.6 : 1.0) * (0.75 + (0.5 * random.NextDouble()))).ToArray();
        var scale = (area - urbanArea) / weights.Sum();
        for (var k = 0; k < kinds.Count; k++)
        {
            if (!taken.Add(centres[k]))
            {
                throw new InvalidOperationException($"Two townships of {f.Code} would grow from one cell.");
            }

            seeds.Add(new TownshipSeed(county, kinds[k], new Seed(centres[k], county, weights[k] * scale, RuralHoldKm), false));
        }

        return seeds;
    }

    /// <summary>k cells spread evenly over <paramref name="cells"/>: Lloyd's k-means, snapped to distinct cells.</summary>
    private static int[] KMeans(Grid grid, List<int> cells, int k, Random random)
    {
        var xs = cells.Select(grid.CellXkm).ToArray();
        var ys = cells.Select(grid.CellYkm).ToArray();
        var cx = new double[k];
        var cy = new double[k];
        for (var m = 0; m < k; m++)
        {
            var pick = random.Next(cells.Count);
            (cx[m], cy[m]) = (xs[pick], ys[pick]);
        }

        var owner = new int[cells.Count];
        for (var iteration = 0; iteration < 12; iteration++)
        {
            for (var p = 0; p < cells.Count; p++)
            {
                owner[p] = Nearest(cx, cy, xs[p], ys[p], null);
            }

            var sx = new double[k];
            var sy = new double[k];
            var n = new int[k];
            for (var p = 0; p < cells.Count; p++)
            {
                sx[owner[p]] += xs[p];
                sy[owner[p]] += ys[p];
                n[owner[p]]++;
            }

            for (var m = 0; m < k; m++)
            {
                if (n[m] > 0)
                {
                    (cx[m], cy[m]) = (sx[m] / n[m], sy[m] / n[m]);
                }
                else
                {
                    var pick = random.Next(cells.Count);
                    (cx[m], cy[m]) = (xs[pick], ys[pick]);
                }
            }
        }

        var used = new bool[cells.Count];
        var result = new int[k];
        for (var m = 0; m < k; m++)
        {
            var p = Nearest(xs, ys, cx[m], cy[m], used);
            used[p] = true;
            result[m] = cells[p];
        }

        return result;
    }

    private static int Nearest(double[] xs, double[] ys, double x, double y, bool[]? skip)
    {
        var best = -1;
        var bestD = double.PositiveInfinity;
        for (var m = 0; m < xs.Length; m++)
        {
            if (skip is not null && skip[m])
            {
                continue;
            }

            double dx = xs[m] - x, dy = ys[m] - y, d = (dx * dx) + (dy * dy);
            if (d < bestD)
            {
                (best, bestD) = (m, d);
            }
        }

        return best;
    }

    public static void Shuffle<T>(IList<T> list, Random random)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
