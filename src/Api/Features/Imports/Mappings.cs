using System.Globalization;
using Infra.Api.Features.Writes;

namespace Infra.Api.Features.Imports;

/// <summary>
/// OpenCelliD cells (DESIGN §8) as base stations. One cell is one record; its code is
/// <c>mcc-mnc-area-cell</c>. MCC 460 MNC names the carrier (00/02/04/07/08 China Mobile, 01/06/09 China
/// Unicom, 03/05/11 China Telecom; ITU-T E.212 list for China); a row of another carrier than the import's is
/// refused, not dropped. <c>radio</c> → technology (UMTS is TD-SCDMA at China Mobile and WCDMA elsewhere;
/// CDMA is China Telecom's CDMA2000), <c>range</c> → omni radius (0 means unknown: the technology default),
/// <c>created</c> (Unix seconds) → commissioning date; <c>unit</c> (−1 = unknown), <c>samples</c>,
/// <c>changeable</c>, <c>updated</c> and <c>averageSignal</c> describe the measurement, not the asset.
/// </summary>
public static class OpenCellId
{
    public static readonly string[] Header = ["radio", "mcc", "net", "area", "cell", "unit", "lon", "lat", "range", "samples", "changeable", "created", "updated", "averageSignal"];

    public static bool Matches(IReadOnlyList<string> header) =>
        header.Count >= 9 && header.Take(9).Select(Fields.Normalize).SequenceEqual(Header.Take(9).Select(Fields.Normalize));

    public static string? CarrierOf(string mcc, string mnc) => mcc != "460" ? null : int.TryParse(mnc, CultureInfo.InvariantCulture, out var n) ? n switch
    {
        0 or 2 or 4 or 7 or 8 => "cmcc",
        1 or 6 or 9 => "cu",
        3 or 5 or 11 => "ct",
        _ => null,
    } : null;

    public static SourceRow Translate(SourceRow row, string carrier)
    {
        var f = row.Fields;
        var mcc = f.Text("mcc") ?? "";
        var net = f.Text("net") ?? "";
        var values = new Dictionary<string, object?>
        {
            ["code"] = $"{mcc}-{net}-{f.Text("area")}-{f.Text("cell")}",
            ["omniRadiusM"] = f.Number("range") is { } r && r > 0 ? r.ToString(CultureInfo.InvariantCulture) : null,
        };
        var owner = CarrierOf(mcc, net);
        var radio = (f.Text("radio") ?? "").ToUpperInvariant();
        values["technology"] = radio switch
        {
            "GSM" => "gsm",
            "UMTS" => owner == "cmcc" ? "tdScdma" : "wcdma",
            "CDMA" => "cdma2000",
            "LTE" => "lte",
            "NR" => "nr",
            _ => radio,
        };
        if (f.Number("created") is { } created)
        {
            values["commissionedOn"] = DateTimeOffset.FromUnixTimeSeconds((long)created).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var mapped = new DictFields(values, row.Row);
        mapped.Errors.AddRange(f.Errors);
        if (owner is null)
        {
            mapped.Add("carrier", $"MCC {mcc} MNC {net} is not a Chinese carrier Infra knows (MCC 460 with MNC 00/02/04/07/08 cmcc, 01/06/09 cu, 03/05/11 ct).");
        }
        else if (owner != carrier)
        {
            mapped.Add("carrier", $"The cell belongs to {owner} (MNC {net}), not {carrier}: import each carrier's rows with its own --carrier.");
        }

        return row with { Fields = mapped };
    }
}

/// <summary>
/// Open Fibre Data Standard nodes → switching nodes and spans → fiber routes. OFDS states a status but
/// rarely dates, so an operational node or span without <c>readyForServiceDate</c> is recorded as
/// commissioned on the import's lifecycle date (default: the day of the import), and the result says how
/// many. OFDS has no node kind, capacity or route tier: nodes default to kind OLT with capacity 0 and spans
/// to the distribution tier unless the feature carries Infra's own fields (nodeKind, capacityLines, tier).
/// </summary>
public static class Ofds
{
    public static bool IsNodesHeader(IReadOnlyList<string> header) => header.Any(h => h.StartsWith("nodes/0/", StringComparison.Ordinal));

    public static bool IsSpansHeader(IReadOnlyList<string> header) => header.Any(h => h.StartsWith("spans/0/", StringComparison.Ordinal));

    /// <summary>CSV columns <c>nodes/0/name</c> → <c>name</c>; the first column (the network id) is dropped.</summary>
    public static string Rename(string column)
    {
        var slash = column.LastIndexOf("/0/", StringComparison.Ordinal);
        return slash < 0 ? (column == "id" ? "networkId" : column) : column[(slash + 3)..].Replace('/', '_');
    }

    public static SourceRow Node(SourceRow row, DateOnly lifecycleDate, Action undated)
    {
        var f = row.Fields;
        var values = Common(f, "node", lifecycleDate, undated);
        values["nodeKind"] = f.Text("nodeKind") ?? "olt";
        values["capacityLines"] = f.Text("capacityLines") ?? "0";
        values["subscribersInUse"] = f.Text("subscribersInUse") ?? "0";
        return Mapped(row, values);
    }

    public static SourceRow Span(SourceRow row, DateOnly lifecycleDate, Action undated)
    {
        var f = row.Fields;
        var values = Common(f, "span", lifecycleDate, undated);
        values["cores"] = f.Text("cores") ?? f.Text("fibreCount");
        values["declaredLengthM"] = f.Text("declaredLengthM") ?? f.Text("fibreLength");
        values["tier"] = f.Text("tier") ?? "distribution";
        // OFDS 0.3 lists the ways a span is deployed (a list in GeoJSON, ';'-joined in CSV); a route here has one laying,
        // so a span both above and below ground needs Infra's own laying field.
        var deployment = f.Codes("deployment");
        var details = (f.Text("deploymentDetails_description") ?? (row.Fields.Json("deploymentDetails") as System.Text.Json.Nodes.JsonObject)?["description"]?.ToString() ?? "").ToLowerInvariant();
        values["laying"] = f.Text("laying") ?? deployment switch
        {
            ["aboveGround"] => "aerial",
            ["belowGround"] => details.Contains("duct", StringComparison.Ordinal) ? "duct" : "directBuried",
            [] => null,
            _ => $"OFDS deployment '{string.Join(";", deployment)}'",
        };
        return Mapped(row, values);
    }

    /// <param name="kind">what the file holds (node or span): OFDS GeoJSON names each feature's kind in featureType.</param>
    private static Dictionary<string, object?> Common(Fields f, string kind, DateOnly lifecycleDate, Action undated)
    {
        if (f.Text("featureType") is { } featureType && featureType != kind)
        {
            f.Add("featureType", $"is '{featureType}' in a file of {kind}s: OFDS publishes nodes and spans as files of their own; import each file on its own.");
        }

        var values = new Dictionary<string, object?> { ["code"] = f.Text("code") ?? f.Text("id", 64), ["name"] = f.Text("name") };
        var date = f.Date("readyForServiceDate");
        var day = (date ?? lifecycleDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (f.Text("status"))
        {
            case "planned" or "proposed":
                values["plannedOn"] = f.Text("plannedOn") ?? day;
                break;
            case "inactive" or "underConstruction":
                values["constructionStartedOn"] = f.Text("constructionStartedOn") ?? day;
                break;
            case "decommissioned":
                values["commissionedOn"] = f.Text("commissionedOn");
                values["retiredOn"] = f.Text("retiredOn");
                break;
            default:
                values["commissionedOn"] = f.Text("commissionedOn") ?? day;
                if (date is null && f.Text("commissionedOn") is null)
                {
                    undated();
                }

                break;
        }

        return values;
    }

    private static SourceRow Mapped(SourceRow row, Dictionary<string, object?> values)
    {
        var mapped = new DictFields(values, row.Row);
        mapped.Errors.AddRange(row.Fields.Errors);
        return row with { Fields = mapped };
    }
}
