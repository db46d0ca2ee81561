using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Domain.Planning;

public enum SiteSource
{
    Grid = 1,
    VillageCentre = 2,
    User = 3,
}

public enum SitingObjective
{
    /// <summary>Newly covered people (natural villages and communities, each resident once).</summary>
    Population = 1,

    /// <summary>Newly covered natural villages.</summary>
    Villages = 2,
}

public sealed record SiteCandidate(double Lon, double Lat, SiteSource Source, string? Label);

/// <summary>How to choose new base-station sites. Defaults: the plan's 98 rural stations, GSM, a 2 km grid and village centres.</summary>
public sealed record SitingOptions
{
    public int Sites { get; init; } = 98;

    public RadioTechnology Technology { get; init; } = RadioTechnology.Gsm;

    /// <summary>Footprint radius of a new site; null takes the technology's default from the coverage options.</summary>
    public double? RadiusM { get; init; }

    /// <summary>Spacing of the candidate grid laid over the areas without coverage.</summary>
    public double GridSpacingM { get; init; } = 2_000;

    public bool UseGrid { get; init; } = true;

    public bool UseVillageCentres { get; init; } = true;

    public IReadOnlyList<SiteCandidate> UserSites { get; init; } = [];

    /// <summary>Only sites in a 镇 or 乡 (the plan's 农村).</summary>
    public bool RuralOnly { get; init; } = true;

    public SitingObjective Objective { get; init; } = SitingObjective.Population;

    public void Validate()
    {
        DomainException.Require(Sites is >= 1 and <= 10_000, "sites", "Between 1 and 10,000 sites can be chosen.");
        DomainException.Require(Enum.IsDefined(Technology), "technology", $"Unknown technology {Technology}.");
        DomainException.Require(RadiusM is null || (double.IsFinite(RadiusM.Value) && RadiusM is >= 100 and <= 100_000), "radiusM",
            "A site radius is between 100 m and 100 km.");
        DomainException.Require(double.IsFinite(GridSpacingM) && GridSpacingM is >= 200 and <= 50_000, "gridSpacingM",
            "Grid spacing is between 200 m and 50 km.");
        DomainException.Require(UseGrid || UseVillageCentres || UserSites.Count > 0, "candidates",
            "Choose at least one source of candidate sites: the grid, village centres or sites of your own.");
        DomainException.Require(UserSites.Count <= 100_000, "userSites", "At most 100,000 sites of your own.");
        foreach (var s in UserSites)
        {
            Geo.Wgs84.CheckLonLat(s.Lon, s.Lat, "userSites");
        }
    }
}

public sealed record ProposedSite(int Rank, double Lon, double Lat, SiteSource Source, string? Label, string? TownshipCode, string? CountyCode,
    double RadiusM, long NewPopulation, int NewVillages, IReadOnlyList<string> VillageCodes);

/// <summary>The chosen sites and how good they provably are.</summary>
/// <param name="UpperBound">No choice of this many sites from these candidates covers more than this (population or villages).</param>
public sealed record SitingResult(DateOnly AsOf, SitingOptions Options, double RadiusM, int Candidates, long UnservedPopulation,
    int UnservedVillages, long NewPopulation, int NewVillages, double Objective, double UpperBound, double ProvenRatio,
    IReadOnlyList<ProposedSite> Sites);

/// <summary>A maximum-coverage instance: see <see cref="StationSiting.Prepare"/>.</summary>
internal sealed record SitingProblem(double RadiusM, List<int> Demand, List<double> Weights, List<SiteCandidate> Candidates, List<int[]> Sets);

/// <summary>
/// Where new stations should stand to cover the most people (or villages) without mobile coverage on a date:
/// candidates from a grid over the uncovered areas, village centres and the user's own sites, each covering
/// the unserved places within the new site's radius (geodesic), chosen by lazy greedy maximum coverage.
/// </summary>
public static class StationSiting
{
    public static SitingResult Solve(CoverageResult coverage, RegionLocator regions, SitingOptions options, CancellationToken ct = default)
    {
        var (radius, demand, weights, candidates, sets) = Prepare(coverage, regions, options, ct);
        var places = coverage.Villages;
        var solution = MaxCoverage.Solve(sets, weights, options.Sites, ct);
        var taken = new HashSet<int>();
        var sites = new List<ProposedSite>();
        for (var r = 0; r < solution.Chosen.Count; r++)
        {
            var c = candidates[solution.Chosen[r]];
            var fresh = sets[solution.Chosen[r]].Where(taken.Add).Select(e => places[demand[e]]).ToList();
            var township = regions.Locate(Geo.Wgs84.Point(c.Lon, c.Lat));
            sites.Add(new ProposedSite(r + 1, c.Lon, c.Lat, c.Source, c.Label, township?.Code, township?.CountyCode, radius,
                fresh.Sum(v => (long)v.Population), fresh.Count(v => v.Kind == VillageKind.Natural), [.. fresh.Select(v => v.Code)]));
        }

        return new SitingResult(coverage.AsOf, options, radius, candidates.Count, demand.Sum(i => (long)places[i].Population),
            demand.Count(i => places[i].Kind == VillageKind.Natural), sites.Sum(s => s.NewPopulation), sites.Sum(s => s.NewVillages),
            solution.Covered, solution.UpperBound, solution.ProvenRatio, sites);
    }

    /// <summary>
    /// The maximum-coverage instance of a siting request: the unserved places (demand, positions in the coverage's list),
    /// their weights, the candidates and the demand each covers. Apart from <see cref="Solve"/> so the benchmark can run
    /// other optimisers on the very same instance.
    /// </summary>
    internal static SitingProblem Prepare(CoverageResult coverage, RegionLocator regions, SitingOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var radius = options.RadiusM ?? coverage.Options.DefaultRadiusM[options.Technology];
        var places = coverage.Villages;
        var demand = Enumerable.Range(0, places.Count)
            .Where(i => places[i].Kind is VillageKind.Natural or VillageKind.Community && !coverage.IsServed(i, Service.Mobile))
            .ToList();
        var weights = demand.Select(i => options.Objective == SitingObjective.Population
            ? places[i].Population
            : places[i].Kind == VillageKind.Natural ? 1.0 : 0.0).ToList();
        var index = new PointIndex([.. demand.Select(i => (places[i].Location.X, places[i].Location.Y))], radius);

        var candidates = Candidates(coverage, demand, options, radius, index)
            .Where(c => !options.RuralOnly || regions.Locate(Geo.Wgs84.Point(c.Lon, c.Lat))?.IsRural == true)
            .ToList();
        var sets = new List<int[]>(candidates.Count);
        foreach (var c in candidates)
        {
            ct.ThrowIfCancellationRequested();
            sets.Add([.. index.Within(c.Lon, c.Lat, radius)]);
        }

        return new SitingProblem(radius, demand, weights, candidates, sets);
    }

    private static IEnumerable<SiteCandidate> Candidates(CoverageResult coverage, List<int> demand, SitingOptions options, double radius, PointIndex index)
    {
        var places = coverage.Villages;
        if (options.UseVillageCentres)
        {
            // The centre (村委会) of every administrative village with a hamlet out of coverage.
            var parents = demand.Select(i => places[i].ParentCode).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var v in places.Where(v => v.Kind == VillageKind.Administrative && parents.Contains(v.Code)))
            {
                yield return new SiteCandidate(v.Location.X, v.Location.Y, SiteSource.VillageCentre, v.Code);
            }
        }

        if (options.UseGrid && demand.Count > 0)
        {
            var minLon = demand.Min(i => places[i].Location.X);
            var maxLon = demand.Max(i => places[i].Location.X);
            var minLat = demand.Min(i => places[i].Location.Y);
            var maxLat = demand.Max(i => places[i].Location.Y);
            var stepLat = options.GridSpacingM / 110_950;
            var stepLon = options.GridSpacingM / (111_320 * Math.Cos((minLat + maxLat) / 2 * Math.PI / 180));
            for (var lat = minLat; lat <= maxLat + (stepLat / 2); lat += stepLat)
            {
                for (var lon = minLon; lon <= maxLon + (stepLon / 2); lon += stepLon)
                {
                    var (x, y) = (Math.Round(lon, 6), Math.Round(lat, 6));
                    if (index.Within(x, y, radius).Count > 0)
                    {
                        yield return new SiteCandidate(x, y, SiteSource.Grid, null);
                    }
                }
            }
        }

        foreach (var s in options.UserSites)
        {
            yield return s with { Source = SiteSource.User };
        }
    }
}
