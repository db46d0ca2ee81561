using Infra.Domain.Regions;

namespace Infra.Api.Features.Reports;

/// <summary>How a column's values are stored: text, whole numbers, decimals or dates (numbers stay numbers in XLSX and GeoPackage).</summary>
public enum ColumnType
{
    Text = 1,
    Integer = 2,
    Real = 3,
    Date = 4,

    /// <summary>Degrees of longitude or latitude (a real number shown with six decimals).</summary>
    Coordinate = 5,

    /// <summary>A share from 0 to 1 (a real number shown as a percentage).</summary>
    Percent = 6,
}

/// <summary>
/// One column of the tabular forms of a report (CSV, XLSX, GeoJSON properties, GeoPackage attributes).
/// <see cref="Name"/> is the stable machine name; the headers are for people. <see cref="Value"/> gives the
/// machine value (wire names, carrier codes) when the text is null, and words in that language otherwise.
/// </summary>
/// <param name="Width">XLSX column width in character units, wide enough for the Chinese header and typical values.</param>
public sealed record ReportColumn<T>(string Name, string Zh, string En, ColumnType Type, double Width, Func<T, ReportText?, object?> Value)
{
    public string Header(ReportText text) => text[Zh, En];
}

/// <summary>The columns of the unserved-villages report, fixed by the service (its candidate kinds).</summary>
public static class UnservedColumns
{
    public static IReadOnlyList<ReportColumn<UnservedRow>> For(UnservedReport report)
    {
        var columns = new List<ReportColumn<UnservedRow>>
        {
            new("rank", "序号", "No.", ColumnType.Integer, 7, (r, _) => r.Rank),
            new("county_code", "县区代码", "County code", ColumnType.Text, 10, (r, _) => r.Village.CountyCode),
            new("county", "县区", "County", ColumnType.Text, 10, (r, _) => r.CountyName),
            new("township_code", "乡镇代码", "Township code", ColumnType.Text, 13, (r, _) => r.Village.TownshipCode),
            new("township", "乡镇", "Township", ColumnType.Text, 14, (r, _) => r.TownshipName),
            new("code", "村代码", "Village code", ColumnType.Text, 18, (r, _) => r.Village.Code),
            new("name", "村名", "Village", ColumnType.Text, 14, (r, _) => r.Village.Name),
        };
        if (report.Query.Kind == VillageKind.Natural)
        {
            columns.Add(new("admin_village_code", "所属行政村代码", "Administrative village code", ColumnType.Text, 16, (r, _) => r.Village.ParentCode));
        }

        columns.Add(new("population", "人口", "Population", ColumnType.Integer, 9, (r, _) => r.Village.Population));
        columns.Add(new("households", "户数", "Households", ColumnType.Integer, 9, (r, _) => r.Village.Households));
        columns.Add(new("lon", "经度", "Longitude", ColumnType.Coordinate, 11, (r, _) => Math.Round(r.Village.Location.X, 6)));
        columns.Add(new("lat", "纬度", "Latitude", ColumnType.Coordinate, 10, (r, _) => Math.Round(r.Village.Location.Y, 6)));
        foreach (var basis in report.CandidateBases)
        {
            var (zh, en) = BasisName(basis);
            columns.Add(new($"{basis}_code", $"最近{zh}编号", $"Nearest {en}", ColumnType.Text, 16, (r, _) => r.Candidate(basis)?.Code));
            columns.Add(new($"{basis}_carrier", $"{zh}运营商", $"{en} carrier", ColumnType.Text, 10,
                (r, t) => r.Candidate(basis) is { } c ? (t is null ? c.Carrier : report.CarrierName(c.Carrier, t)) : null));
            if (basis != "filing")
            {
                columns.Add(new($"{basis}_distance_m", $"{zh}距离(米)", $"{en} distance (m)", ColumnType.Real, 12, (r, _) => r.Candidate(basis)?.DistanceM));
                columns.Add(new($"{basis}_status", $"{zh}状态", $"{en} status", ColumnType.Text, 10, (r, t) => Word(r.Candidate(basis)?.Status, t)));
            }

            columns.Add(new($"{basis}_reasons", $"{zh}不能服务的原因", $"Why the {en} does not serve", ColumnType.Text, 24,
                (r, t) => r.Candidate(basis) is { } c ? string.Join(t is null ? ";" : "；", c.Reasons.Select(x => Word(x, t))) : null));
        }

        if (report.HasFiberColumn)
        {
            columns.Add(new("fiber_code", "最近光缆编号", "Nearest fiber route", ColumnType.Text, 16, (r, _) => r.Explanation.NearestFiber?.Code));
            columns.Add(new("fiber_carrier", "光缆运营商", "Fiber carrier", ColumnType.Text, 10,
                (r, t) => r.Explanation.NearestFiber is { } f ? (t is null ? f.Carrier : report.CarrierName(f.Carrier, t)) : null));
            columns.Add(new("fiber_tier", "光缆层级", "Fiber tier", ColumnType.Text, 9, (r, t) => Word(r.Explanation.NearestFiber?.Tier, t)));
            columns.Add(new("fiber_status", "光缆状态", "Fiber status", ColumnType.Text, 10, (r, t) => Word(r.Explanation.NearestFiber?.Status, t)));
            columns.Add(new("fiber_distance_m", "光缆距离(米)", "Fiber distance (m)", ColumnType.Real, 12, (r, _) => r.Explanation.NearestFiber?.DistanceM));
        }

        columns.Add(new("planned_kind", "规划/在建设施类型", "Planned asset kind", ColumnType.Text, 14, (r, t) => Word(r.Planned?.Basis, t)));
        columns.Add(new("planned_code", "规划/在建设施编号", "Planned asset", ColumnType.Text, 16, (r, _) => r.Planned?.Code));
        columns.Add(new("planned_carrier", "规划/在建运营商", "Planned asset carrier", ColumnType.Text, 12,
            (r, t) => r.Planned is { } p ? (t is null ? p.Carrier : report.CarrierName(p.Carrier, t)) : null));
        columns.Add(new("planned_status", "规划/在建状态", "Planned asset status", ColumnType.Text, 12, (r, t) => Word(r.Planned?.Status, t)));
        columns.Add(new("served_from", "预计服务日期", "Served from", ColumnType.Date, 12, (r, _) => r.Planned?.From));
        return columns;
    }

    public static (string Zh, string En) BasisName(string basis) => basis switch
    {
        "filing" => ("业务申报", "filing"),
        "base_station" => ("基站", "base station"),
        "access_point" => ("接入网点", "access point"),
        "switching_node" => ("交换节点", "switching node"),
        "broadcast_transmitter" => ("发射台", "transmitter"),
        _ => (basis, basis),
    };

    private static string? Word(string? wireName, ReportText? text) => wireName is null ? null : text?.Word(wireName) ?? wireName;
}
