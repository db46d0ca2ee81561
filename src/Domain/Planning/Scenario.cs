using Infra.Domain.Assets;
using Infra.Domain.Coverage;
using Infra.Domain.Geo;
using NetTopologySuite.Geometries;

namespace Infra.Domain.Planning;

/// <summary>Where a proposed asset came from.</summary>
public enum ProposalSource
{
    /// <summary>Chosen by the station-siting tool.</summary>
    Siting = 1,

    /// <summary>Laid out by the fiber-extension tool.</summary>
    FiberExtension = 2,

    /// <summary>Drawn by hand through the API.</summary>
    Manual = 3,
}

/// <summary>
/// A named, saved set of proposed assets on top of the network as of a date. Proposed assets live only in
/// their scenario: they never mix with carriers' records, and take part in coverage and target evaluation
/// only when the scenario is evaluated.
/// </summary>
public sealed class Scenario
{
    private readonly List<ProposedAsset> _assets = [];

    private Scenario()
    {
        Name = "";
    }

    public Scenario(string name, string? description, DateOnly baseDate)
    {
        Name = "";
        Update(name, description, baseDate);
    }

    public int Id { get; private set; }

    public string Name { get; private set; }

    public string? Description { get; private set; }

    /// <summary>The date of the network the proposals are added to; they count as in service from then.</summary>
    public DateOnly BaseDate { get; private set; }

    public IReadOnlyList<ProposedAsset> Assets => _assets;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>The sequence number the next proposal gets: one past the largest so far.</summary>
    public int NextSequence => _assets.Count == 0 ? 1 : _assets.Max(a => a.Sequence) + 1;

    /// <summary>Records a change at <paramref name="now"/> (the first stamp is the creation time too).</summary>
    public void Touch(DateTimeOffset now)
    {
        if (CreatedAt == default)
        {
            CreatedAt = now;
        }

        UpdatedAt = now;
    }

    public void Update(string name, string? description, DateOnly baseDate)
    {
        DomainException.Require(!string.IsNullOrWhiteSpace(name) && name.Length <= 200, "name", "A scenario needs a name of at most 200 characters.");
        DomainException.Require(description is null || description.Length <= 4000, "description", "A description is at most 4,000 characters.");
        Name = name.Trim();
        Description = description;
        BaseDate = baseDate;
    }

    public ProposedAsset Add(ProposedAsset asset)
    {
        DomainException.Require(_assets.Count < 100_000, "assets", "A scenario holds at most 100,000 proposed assets.");
        _assets.Add(asset);
        return asset;
    }

    public void Remove(ProposedAsset asset) => _assets.Remove(asset);

    public void Clear(ProposalSource source) => _assets.RemoveAll(a => a.Source == source);

    /// <summary>The network with this scenario's proposals added, each in service from the scenario's base date.</summary>
    public CoverageInput Apply(CoverageInput network) => Apply(network, ToAssets());

    /// <summary>The network with these proposals (made by <see cref="ToAssets"/>) added.</summary>
    public static CoverageInput Apply(CoverageInput network, ProposedNetwork proposals) => network with
    {
        Stations = [.. network.Stations, .. proposals.Stations],
        FiberRoutes = [.. network.FiberRoutes, .. proposals.FiberRoutes],
        AccessPoints = [.. network.AccessPoints, .. proposals.AccessPoints],
    };

    /// <summary>
    /// The proposals as assets, in service from the base date. A cable declares its route length (with the detour)
    /// so that targets counting kilometres can count the cable that would be laid, not the straight line.
    /// </summary>
    public ProposedNetwork ToAssets()
    {
        var stations = new List<BaseStation>();
        var fiber = new List<FiberRoute>();
        var access = new List<AccessPoint>();
        var life = Lifecycle.InServiceSince(BaseDate);
        foreach (var a in _assets)
        {
            var code = $"SCN{Id}-{a.Sequence}";
            switch (a.Kind)
            {
                case AssetKind.BaseStation:
                    stations.Add(new BaseStation(a.CarrierId, code, a.Label, life, (Point)a.Geometry, a.RadioTechnology ?? RadioTechnology.Gsm,
                        a.RadiusM, null, null));
                    break;
                case AssetKind.FiberRoute:
                    fiber.Add(new FiberRoute(a.CarrierId, code, a.Label, life, (LineString)a.Geometry, 12, FiberLaying.Aerial,
                        a.Tier ?? FiberTier.Access, a.RouteKm > 0 ? a.RouteKm * 1000 : null));
                    break;
                case AssetKind.AccessPoint:
                    access.Add(new AccessPoint(a.CarrierId, code, a.Label, life, (Point)a.Geometry, a.AccessTechnology ?? AccessTechnology.Pon,
                        a.Ports ?? 64, 0, a.RadiusM, true, true));
                    break;
            }
        }

        return new ProposedNetwork(BaseDate, stations, fiber, access);
    }
}

/// <summary>A scenario's proposals as assets; target evaluation counts them as new in any period still open on the base date.</summary>
public sealed record ProposedNetwork(DateOnly BaseDate, IReadOnlyList<BaseStation> Stations, IReadOnlyList<FiberRoute> FiberRoutes,
    IReadOnlyList<AccessPoint> AccessPoints)
{
    private readonly HashSet<Asset> _all = new([.. Stations, .. FiberRoutes, .. AccessPoints], ReferenceEqualityComparer.Instance);

    public bool Contains(Asset asset) => _all.Contains(asset);
}

/// <summary>One proposed asset: a station, a fiber segment or an access point, with the carrier it is proposed to.</summary>
public sealed class ProposedAsset
{
    private ProposedAsset()
    {
        Geometry = null!;
    }

    private ProposedAsset(int sequence, AssetKind kind, Geometry geometry, short carrierId, ProposalSource source, string? label)
    {
        DomainException.Require(carrierId > 0, "carrier", "A proposal names the carrier it would be handed to.");
        DomainException.Require(Enum.IsDefined(source), "source", $"Unknown source {source}.");
        DomainException.Require(label is null || label.Length <= 200, "label", "A label is at most 200 characters.");
        Sequence = sequence;
        Kind = kind;
        Geometry = Wgs84.Require(geometry, "geometry");
        CarrierId = carrierId;
        Source = source;
        Label = label;
    }

    public long Id { get; private set; }

    public int ScenarioId { get; private set; }

    /// <summary>Order within the scenario (the siting rank, the segment number, or the order drawn).</summary>
    public int Sequence { get; private set; }

    public AssetKind Kind { get; private set; }

    public Geometry Geometry { get; private set; }

    public short CarrierId { get; private set; }

    public ProposalSource Source { get; private set; }

    public string? Label { get; private set; }

    public RadioTechnology? RadioTechnology { get; private set; }

    public AccessTechnology? AccessTechnology { get; private set; }

    /// <summary>A station's radius or an access point's reach, metres; null takes the technology default.</summary>
    public double? RadiusM { get; private set; }

    public FiberTier? Tier { get; private set; }

    public int? Ports { get; private set; }

    /// <summary>For a proposed fiber segment: the cable length with the detour factor, km (the geometry is a straight line).</summary>
    public double? RouteKm { get; private set; }

    /// <summary>For a cable: its geodesic length on WGS 84, km (computed here, never taken from the sender).</summary>
    public double? LengthKm { get; private set; }

    /// <summary>For a station chosen by the siting tool: the people it newly covers (after the higher-ranked sites); else null.</summary>
    public long? NewPopulation { get; private set; }

    /// <summary>The county the proposal lies in (a cable: where it ends), or null outside every county.</summary>
    public string? CountyCode { get; private set; }

    /// <summary>Where the proposal lies and, for a sited station, what it adds; set by whoever places it.</summary>
    public ProposedAsset Describe(string? countyCode, long? newPopulation = null)
    {
        DomainException.Require(countyCode is null || countyCode.Length == 6, "county", "A county code has 6 digits.");
        DomainException.Require(newPopulation is null or >= 0, "newPopulation", "A population cannot be negative.");
        CountyCode = countyCode;
        NewPopulation = newPopulation;
        return this;
    }

    public static ProposedAsset Station(int sequence, Point at, short carrierId, RadioTechnology technology, double? radiusM, ProposalSource source, string? label)
    {
        DomainException.Require(Enum.IsDefined(technology), "technology", $"Unknown technology {technology}.");
        DomainException.Require(radiusM is null || (double.IsFinite(radiusM.Value) && radiusM > 0), "radiusM", "A radius must be greater than 0.");
        return new ProposedAsset(sequence, AssetKind.BaseStation, at, carrierId, source, label) { RadioTechnology = technology, RadiusM = radiusM };
    }

    public static ProposedAsset Fiber(int sequence, LineString line, short carrierId, FiberTier tier, double? routeKm, ProposalSource source, string? label)
    {
        DomainException.Require(Enum.IsDefined(tier), "tier", $"Unknown tier {tier}.");
        DomainException.Require(line.NumPoints >= 2 && Geodesic.LengthM(line) > 0, "geometry", "A proposed cable needs a length.");
        DomainException.Require(routeKm is null || (double.IsFinite(routeKm.Value) && routeKm >= 0), "routeKm", "A route length cannot be negative.");
        return new ProposedAsset(sequence, AssetKind.FiberRoute, line, carrierId, source, label)
        {
            Tier = tier,
            RouteKm = routeKm,
            LengthKm = Geodesic.LengthM(line) / 1000,
        };
    }

    public static ProposedAsset Access(int sequence, Point at, short carrierId, AccessTechnology technology, double? reachM, int ports, ProposalSource source, string? label)
    {
        DomainException.Require(Enum.IsDefined(technology), "technology", $"Unknown technology {technology}.");
        DomainException.Require(reachM is null || (double.IsFinite(reachM.Value) && reachM > 0), "reachM", "A reach must be greater than 0.");
        DomainException.Require(ports is > 0 and <= 100_000, "ports", "Ports must be between 1 and 100,000.");
        return new ProposedAsset(sequence, AssetKind.AccessPoint, at, carrierId, source, label) { AccessTechnology = technology, RadiusM = reachM, Ports = ports };
    }
}
