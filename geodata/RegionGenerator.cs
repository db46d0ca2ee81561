using System.Globalization;
using Infra.Domain.Geo;
using Infra.Domain.Regions;
using NetTopologySuite.Coverage;
using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>
/// Generates the demo region from the county facts, deterministically from a seed: a city outline of the
/// facts' total area, counties of the facts' areas around their real seats, townships and villages in
/// the facts' numbers, and a population that adds up to the plan's. Nothing in it is a real boundary
/// or name.
/// </summary>
/// <remarks>
/// How: rasterise the extent (0.004°, ~0.4 km); draw the city's cells around the seats
/// (<see cref="CityMask"/>); split them into counties and each county into townships
/// (<see cref="Partition"/>, <see cref="TownshipPlanner"/>); trace the township cells into polygons that
/// share their edges exactly (<see cref="Polygonizer"/>), simplify them as one coverage so shared edges
/// stay shared, and union them into counties and the city; then place and people the villages
/// (<see cref="Villages"/>). One <see cref="Random"/> drives every choice, in a fixed order, and no
/// step enumerates anything unordered, so a seed always gives the same region.
/// </remarks>
public static partial class RegionGenerator
{
    /// <summary>The plan's closing date, 2005-12-31, as a number.</summary>
    public const int DefaultSeed = 20051231;

    /// <summary>全市人口为835.28万 (the plan, section 一(一)).</summary>
    public const int CityPopulation2005 = 8_352_800;

    private const double CellDeg = 0.004;

    // Border wiggle: how far (km) a warp pushes cells before the power diagram is drawn, and at what scale.
    private const double CountyWarpKm = 10;
    private const double CountyWarpFeatureKm = 30;
    private const double TownshipWarpKm = 1.2;
    private const double TownshipWarpFeatureKm = 10;
    private const double WarpPersistence = 0.75;    // rough: meanders of a km or two ride on the large bends

    // A county seat keeps this share of its county's equal-area radius (~5 km) between it and the border.
    private const double SeatHoldShare = 0.25;

    // About one cell: turns the cell staircase into slanted runs without moving a border by more than ~0.4 km.
    private const double SimplifyDeg = 0.003;

    public static DemoRegion Generate(IReadOnlyList<CountyFacts> facts, int seed = DefaultSeed) =>
        Generate(facts, Facts.ZhumadianExtent, seed);

    /// <param name="extent">The box the city must fit in (lon/lat); every seat must lie well inside it.</param>
    public static DemoRegion Generate(IReadOnlyList<CountyFacts> facts, Envelope extent, int seed)
    {
        if (facts.Count == 0)
        {
            throw new ArgumentException("No counties to generate.", nameof(facts));
        }

        foreach (var f in facts.Where(f => !extent.Contains(f.SeatLon, f.SeatLat)))
        {
            throw new ArgumentException($"The seat of {f.Code} ({f.SeatLon} {f.SeatLat}) is outside the extent {extent}.", nameof(facts));
        }

        var random = new Random(seed);
        var grid = new Grid(extent, CellDeg);
        var mask = CityMask.Build(grid, extent, facts, random);
        var cityDomain = mask.Select(m => m ? 0 : -1).ToArray();
        var scale = CityMask.Area(grid, mask) / facts.Sum(f => f.AreaKm2);
        var countySeeds = facts.Select(f => new Seed(grid.CellAt(f.SeatLon, f.SeatLat), 0, f.AreaKm2 * scale,
            SeatHoldShare * Math.Sqrt(f.AreaKm2 / Math.PI))).ToList();
        var countyOf = Split(grid, cityDomain, countySeeds, Warp(grid, random, CountyWarpKm, CountyWarpFeatureKm), 0.002, false);
        for (var c = 0; c < facts.Count; c++)
        {
            if (!Partition.Holds(grid, countyOf, cityDomain, countySeeds[c], c))
            {
                throw new InvalidOperationException($"The seat of {facts[c].Code} ended up on its county's edge; choose another seed.");
            }
        }

        var plan = TownshipPlanner.Plan(grid, facts, countyOf, random);
        var townshipOf = Split(grid, countyOf, [.. plan.Select(p => p.Seed)], Warp(grid, random, TownshipWarpKm, TownshipWarpFeatureKm), 0.02, true);
        var shapes = CoverageSimplifier.Simplify(Polygonizer.Trace(grid, townshipOf, plan.Count), SimplifyDeg);
        var names = new Names(random);
        var parts = Townships(grid, facts, plan, shapes, names);

        var counties = new List<County>();
        for (var c = 0; c < facts.Count; c++)
        {
            var f = facts[c];
            var union = CoverageUnion.Union([.. parts.Where(p => p.County == c).Select(p => (Geometry)p.Township.Boundary)]);
            counties.Add(new County(f.Code, f.Name, f.NameEn, AsMultiPolygon(union), Wgs84.Point(f.SeatLon, f.SeatLat)));
        }

        var outline = CoverageUnion.Union([.. counties.Select(c => (Geometry)c.Boundary)]) as Polygon
            ?? throw new InvalidOperationException("The counties do not form one city polygon.");
        var population = Apportion.LargestRemainder(CityPopulation2005, [.. facts.Select(f => f.Population2011Wan)]);
        var villages = Villages.Build(facts, parts, population, random, names);
        return new DemoRegion(Wgs84.Require(outline, "cityOutline"), counties, [.. parts.Select(p => p.Township)], villages);
    }

    private static int[] Split(Grid grid, int[] domain, List<Seed> seeds, (double[] X, double[] Y) warped, double tolerance,
        bool multiplicative)
    {
        var labels = Partition.Split(grid, domain, seeds, warped.X, warped.Y, tolerance, multiplicative);
        RasterOps.FixLabels(grid, labels, domain, [.. seeds.Select(s => s.Cell)]);
        return labels;
    }

    /// <summary>Cell centres in km, each pushed by a smooth noise field of the given strength and feature size.</summary>
    private static (double[] X, double[] Y) Warp(Grid grid, Random random, double amplitudeKm, double featureKm)
    {
        double minX = grid.Xkm(grid.MinLon) - 10, minY = grid.Ykm(grid.MinLat) - 10;
        double maxX = grid.Xkm(grid.MinLon + (grid.Width * grid.Step)) + 10, maxY = grid.Ykm(grid.MinLat + (grid.Height * grid.Step)) + 10;
        var noiseX = new Noise(random, minX, minY, maxX, maxY, featureKm, 6, WarpPersistence);
        var noiseY = new Noise(random, minX, minY, maxX, maxY, featureKm, 6, WarpPersistence);
        var (wx, wy) = (new double[grid.Count], new double[grid.Count]);
        for (var cell = 0; cell < grid.Count; cell++)
        {
            double x = grid.CellXkm(cell), y = grid.CellYkm(cell);
            wx[cell] = x + (amplitudeKm * noiseX.At(x, y));
            wy[cell] = y + (amplitudeKm * noiseY.At(x, y));
        }

        return (wx, wy);
    }

    private static List<TownshipPart> Townships(Grid grid, IReadOnlyList<CountyFacts> facts, List<TownshipSeed> plan,
        Geometry[] shapes, Names names)
    {
        var parts = new List<TownshipPart>();
        for (var c = 0; c < facts.Count; c++)
        {
            var f = facts[c];
            var seat = grid.CellAt(f.SeatLon, f.SeatLat);
            var usedStems = new HashSet<string>(StringComparer.Ordinal);
            var mine = Enumerable.Range(0, plan.Count).Where(t => plan[t].County == c)
                .OrderBy(t => plan[t].Kind).ThenBy(t => grid.DistanceKm(plan[t].Seed.Cell, seat)).ThenBy(t => t).ToList();
            var next = new Dictionary<TownshipKind, int>
            {
                [TownshipKind.Subdistrict] = 1,
                [TownshipKind.Town] = 101,
                [TownshipKind.Township] = 201,
                [TownshipKind.Other] = 401,
            };
            foreach (var t in mine)
            {
                var p = plan[t];
                var code = f.Code + next[p.Kind]++.ToString("000", CultureInfo.InvariantCulture);
                var boundary = AsMultiPolygon(shapes[t]);
                var location = p.HoldsCountySeat ? Wgs84.Point(f.SeatLon, f.SeatLat) : SeatInside(grid, p.Seed.Cell, boundary);
                if (!boundary.Contains(location))
                {
                    throw new InvalidOperationException($"The seat of township {code} fell outside it after simplification.");
                }

                var township = new Township(code, f.Code, names.Township(p.Kind, usedStems), p.Kind, boundary, location);
                parts.Add(new TownshipPart(township, c, p.HoldsCountySeat, new Sampler(boundary), Geodesic.AreaKm2(boundary)));
            }
        }

        return [.. parts.OrderBy(p => p.Township.Code, StringComparer.Ordinal)];
    }

    private static Point SeatInside(Grid grid, int cell, MultiPolygon boundary)
    {
        var point = Sampler.ToPoint(Sampler.Round(grid.CentreLonOf(cell), grid.CentreLatOf(cell)));
        return boundary.Contains(point) ? point : Sampler.ToPoint(Sampler.Round(boundary.InteriorPoint.X, boundary.InteriorPoint.Y));
    }

    private static MultiPolygon AsMultiPolygon(Geometry geometry) => geometry switch
    {
        MultiPolygon multi => multi,
        Polygon polygon => Wgs84.Factory.CreateMultiPolygon([polygon]),
        _ => throw new InvalidOperationException($"Expected a polygon, got {geometry.GeometryType}."),
    };
}
