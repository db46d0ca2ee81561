using Infra.Domain.Assets;
using Infra.Domain.Filings;
using Infra.Domain.Regions;

namespace Infra.Domain.Coverage;

/// <summary>
/// What a coverage evaluation reads: the places, every asset and filing whatever its state (the as-of date
/// decides what counts), and the carrier codes. Results refer to records by their position in these lists.
/// </summary>
public sealed record CoverageInput
{
    /// <summary>
    /// Administrative villages, natural villages and communities. Codes must be unique (the database's key);
    /// a duplicate is refused when places are first looked up by code, not hashed on every evaluation.
    /// </summary>
    public required IReadOnlyList<Village> Villages { get; init; }

    /// <summary>Townships, for their seats (IP backbone). A township only named by its villages has no seat.</summary>
    public IReadOnlyList<Township> Townships { get; init; } = [];

    public IReadOnlyList<BaseStation> Stations { get; init; } = [];

    public IReadOnlyList<AccessPoint> AccessPoints { get; init; } = [];

    public IReadOnlyList<SwitchingNode> SwitchingNodes { get; init; } = [];

    public IReadOnlyList<BroadcastTransmitter> Transmitters { get; init; } = [];

    public IReadOnlyList<FiberRoute> FiberRoutes { get; init; } = [];

    public IReadOnlyList<ServiceFiling> Filings { get; init; } = [];

    /// <summary>Carrier id → carrier code (e.g. 6 → "catv"); every carrier of an asset or filing must be here.</summary>
    public required IReadOnlyDictionary<short, string> CarrierCodes { get; init; }

    /// <summary>The carrier code of a carrier id known to be in <see cref="CarrierCodes"/>.</summary>
    public string CarrierCode(short carrierId) => CarrierCodes[carrierId];

    /// <summary>Refuses input the rules cannot read: duplicate township codes, carriers without a code.</summary>
    public void Validate()
    {
        var townships = new HashSet<string>(StringComparer.Ordinal);
        foreach (var township in Townships)
        {
            DomainException.Require(townships.Add(township.Code), "townships", $"Township code {township.Code} appears more than once.");
        }

        RequireCarriers(Stations, "stations");
        RequireCarriers(AccessPoints, "accessPoints");
        RequireCarriers(SwitchingNodes, "switchingNodes");
        RequireCarriers(Transmitters, "transmitters");
        RequireCarriers(FiberRoutes, "fiberRoutes");
        foreach (var filing in Filings)
        {
            DomainException.Require(CarrierCodes.ContainsKey(filing.CarrierId), "filings",
                $"Filing {filing.Code} belongs to carrier {filing.CarrierId}, which has no carrier code.");
        }
    }

    private void RequireCarriers(IEnumerable<Asset> assets, string field)
    {
        foreach (var asset in assets)
        {
            DomainException.Require(CarrierCodes.ContainsKey(asset.CarrierId), field,
                $"Asset {asset.Code} belongs to carrier {asset.CarrierId}, which has no carrier code.");
        }
    }
}
