using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata.Scale;

/// <summary>One generated county: its rectangle, seat, 16 townships and their villages.</summary>
internal sealed record ScaleCounty(
    int Index, County County, IReadOnlyList<Township> Townships, IReadOnlyList<Village> Villages, double Weight)
{
    public Point Seat => County.Seat;
}

/// <summary>
/// Places of a synthetic province or country, clustered the way settlement is: counties on a grid over the
/// extent, denser towards the east and varying county by county (log-normal weights), 4 × 4 townships per
/// county, administrative villages scattered around each township seat and natural villages around their
/// administrative village (a Thomas cluster process: Gaussian offspring around parents, the usual model of
/// settlement point patterns). Each county draws from its own seeded random source, so counties are
/// generated in parallel and the result does not depend on scheduling.
/// </summary>
internal static class ScaleRegion
{
    private const double KmPerDegree = 111.32;
    private const int TownshipsPerSide = 4;
    private static readonly string[] Stems = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"];
    private static readonly string[] Ends = ["庄", "楼", "营", "湾", "寨", "店", "岗", "桥", "集", "屯", "堂", "河", "洼", "岭"];

    public static ScaleCounty[] Generate(ScaleSpec spec, int seed)
    {
        var n = spec.Counties;
        double width = spec.MaxLon - spec.MinLon, height = spec.MaxLat - spec.MinLat;
        var midCos = Math.Cos((spec.MinLat + spec.MaxLat) / 2 * Math.PI / 180);
        var cols = Math.Max(1, (int)Math.Round(Math.Sqrt(n * width * midCos / height)));
        var rows = (n + cols - 1) / cols;
        double cellLon = width / cols, cellLat = height / rows;

        var weights = new double[n];
        for (var k = 0; k < n; k++)
        {
            var random = new Random(Seed(seed, k, 17));
            var east = (k % cols + 0.5) / cols;
            weights[k] = Math.Exp(Gaussian(random) * 0.5) * (0.5 + (1.5 * east));
        }

        var admins = Apportion(spec.AdminVillages, weights);
        var naturals = Apportion(spec.NaturalVillages, [.. admins.Select(a => (double)a)]);
        var counties = new ScaleCounty[n];
        Parallel.For(0, n, k =>
        {
            var box = new Envelope(spec.MinLon + (k % cols * cellLon), spec.MinLon + ((k % cols + 1) * cellLon),
                spec.MinLat + (k / cols * cellLat), spec.MinLat + ((k / cols + 1) * cellLat));
            counties[k] = County(spec, seed, k, box, admins[k], naturals[k], weights[k]);
        });
        return counties;
    }

    /// <summary>Code of the k-th county: 2-digit province (counting up per 100 counties), prefecture and county 01–10.</summary>
    public static string CountyCode(ScaleSpec spec, int k) => $"{spec.CountyCodePrefix + (k / 100):00}{(k / 10 % 10) + 1:00}{(k % 10) + 1:00}";

    private static ScaleCounty County(ScaleSpec spec, int seed, int k, Envelope box, int adminCount, int naturalCount, double weight)
    {
        var random = new Random(Seed(seed, k, 0));
        var code = CountyCode(spec, k);
        var name = Stems[random.Next(Stems.Length)] + Ends[random.Next(Ends.Length)];
        var seat = Round(box.Centre.X + ((random.NextDouble() - 0.5) * box.Width * 0.2), box.Centre.Y + ((random.NextDouble() - 0.5) * box.Height * 0.2));
        var county = new County(code, name + "县", $"County {code}", Rect(box), Wgs84.Point(seat.X, seat.Y));

        // Townships: a 4 × 4 grid of rectangles; the one holding the county seat is the urban subdistrict (街道).
        var townships = new List<Township>(TownshipsPerSide * TownshipsPerSide);
        var parts = new List<Envelope>();
        double subLon = box.Width / TownshipsPerSide, subLat = box.Height / TownshipsPerSide;
        for (var t = 0; t < TownshipsPerSide * TownshipsPerSide; t++)
        {
            var part = new Envelope(box.MinX + (t % TownshipsPerSide * subLon), box.MinX + ((t % TownshipsPerSide + 1) * subLon),
                box.MinY + (t / TownshipsPerSide * subLat), box.MinY + ((t / TownshipsPerSide + 1) * subLat));
            var urban = part.Contains(seat);
            var townSeat = urban ? seat : Round(part.Centre.X + ((random.NextDouble() - 0.5) * subLon * 0.5),
                part.Centre.Y + ((random.NextDouble() - 0.5) * subLat * 0.5));
            var kind = urban ? TownshipKind.Subdistrict : random.NextDouble() < 0.6 ? TownshipKind.Town : TownshipKind.Township;
            var suffix = kind switch { TownshipKind.Subdistrict => "街道", TownshipKind.Town => "镇", _ => "乡" };
            townships.Add(new Township($"{code}{t + 1:000}", code, Stems[random.Next(Stems.Length)] + Ends[random.Next(Ends.Length)] + suffix,
                kind, Rect(part), Wgs84.Point(townSeat.X, townSeat.Y)));
            parts.Add(part);
        }

        var perTownship = Apportion(adminCount, [.. townships.Select(_ => Math.Exp(Gaussian(random) * 0.6))]);
        var hamlets = Hamlets(random, adminCount, naturalCount);
        var villages = new List<Village>(adminCount + naturalCount);
        var a = 0;
        for (var t = 0; t < townships.Count; t++)
        {
            var part = parts[t];
            var centre = townships[t].Seat.Coordinate;
            for (var i = 0; i < perTownship[t]; i++, a++)
            {
                var at = Scatter(random, part, centre, 0.35 * Math.Min(part.Width * Math.Cos(centre.Y * Math.PI / 180), part.Height) * KmPerDegree);
                var adminCode = $"{townships[t].Code}{i + 1:000}";
                var stem = Stems[random.Next(Stems.Length)];
                var children = new List<Village>(hamlets[a]);
                for (var h = 0; h < hamlets[a]; h++)
                {
                    var hamlet = Scatter(random, part, at, 0.6);
                    var population = (int)Math.Round(Math.Exp(5.5 + (0.6 * Gaussian(random))));
                    children.Add(new Village($"{adminCode}{h + 1:000}", VillageKind.Natural, stem + Ends[random.Next(Ends.Length)],
                        townships[t].Code, adminCode, Wgs84.Point(hamlet.X, hamlet.Y), population, population / 4));
                }

                var total = children.Sum(c => c.Population);
                villages.Add(new Village(adminCode, VillageKind.Administrative, stem + Ends[random.Next(Ends.Length)] + "村",
                    townships[t].Code, null, Wgs84.Point(at.X, at.Y), total, total / 4));
                villages.AddRange(children);
            }
        }

        return new ScaleCounty(k, county, townships, villages, weight);
    }

    /// <summary>Natural villages per administrative village: 1 + a uniform draw around the mean, then nudged one by one to the exact total.</summary>
    private static int[] Hamlets(Random random, int admin, int natural)
    {
        var counts = new int[admin];
        if (admin == 0)
        {
            return counts;
        }

        var mean = (double)natural / admin;
        var sum = 0;
        for (var i = 0; i < admin; i++)
        {
            counts[i] = Math.Max(1, (int)Math.Round(1 + (random.NextDouble() * 2 * (mean - 1))));
            sum += counts[i];
        }

        while (sum != natural)
        {
            var i = random.Next(admin);
            if (sum < natural)
            {
                counts[i]++;
                sum++;
            }
            else if (counts[i] > 1)
            {
                counts[i]--;
                sum--;
            }
        }

        return counts;
    }

    /// <summary>A Gaussian draw around <paramref name="centre"/> with σ in km, redrawn until it falls inside the township.</summary>
    private static Coordinate Scatter(Random random, Envelope part, Coordinate centre, double sigmaKm)
    {
        var cos = Math.Cos(centre.Y * Math.PI / 180);
        for (var attempt = 0; ; attempt++)
        {
            var lon = centre.X + (Gaussian(random) * sigmaKm / (KmPerDegree * cos));
            var lat = centre.Y + (Gaussian(random) * sigmaKm / KmPerDegree);
            if (part.Contains(lon, lat) || attempt > 20)
            {
                return Round(Math.Clamp(lon, part.MinX, part.MaxX), Math.Clamp(lat, part.MinY, part.MaxY));
            }
        }
    }

    /// <summary>Largest-remainder apportionment of <paramref name="total"/> by weights: exact totals, deterministic.</summary>
    public static int[] Apportion(int total, double[] weights)
    {
        var sum = weights.Sum();
        var shares = weights.Select(w => total * w / sum).ToArray();
        var counts = shares.Select(s => (int)Math.Floor(s)).ToArray();
        var left = total - counts.Sum();
        foreach (var i in Enumerable.Range(0, weights.Length).OrderByDescending(i => shares[i] - counts[i]).ThenBy(i => i).Take(left))
        {
            counts[i]++;
        }

        return counts;
    }

    /// <summary>A seed per county and purpose. Not HashCode.Combine: that is salted per process, and the data must be the same on every run.</summary>
    public static int Seed(int seed, int county, int purpose) => unchecked((seed * 1_000_003) + (county * 7_919) + (purpose * 104_729));

    public static double Gaussian(Random random)
    {
        // Box–Muller; 1 − u keeps the logarithm finite.
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    /// <summary>Positions to 1e-7° (about 1 cm), as surveyed records carry them.</summary>
    public static Coordinate Round(double lon, double lat) => new(Math.Round(lon, 7), Math.Round(lat, 7));

    private static MultiPolygon Rect(Envelope e) => Wgs84.Factory.CreateMultiPolygon([(Polygon)Wgs84.Factory.ToGeometry(e)]);
}
