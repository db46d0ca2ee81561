using Infra.Domain.Plans;

namespace Infra.Api.Features.Reports;

/// <summary>The words of the printed reports, Chinese first with English beside; data files use the wire names.</summary>
public sealed class ReportText(ReportLanguage language)
{
    private static readonly Dictionary<string, (string Zh, string En)> Words = new(StringComparer.Ordinal)
    {
        ["mobile"] = ("移动通信", "mobile"),
        ["broadband"] = ("宽带", "broadband"),
        ["phone"] = ("电话", "phone"),
        ["cable_tv"] = ("有线电视", "cable TV"),
        ["radio"] = ("广播", "radio"),
        ["tv"] = ("电视", "TV"),
        ["administrative"] = ("行政村", "administrative villages"),
        ["natural"] = ("自然村", "natural villages"),
        ["filing"] = ("业务申报", "filing"),
        ["base_station"] = ("基站", "base station"),
        ["access_point"] = ("接入网点", "access point"),
        ["switching_node"] = ("交换节点", "switching node"),
        ["broadcast_transmitter"] = ("发射台", "transmitter"),
        ["fiber_route"] = ("光缆", "fiber route"),
        ["planned"] = ("规划", "planned"),
        ["under_construction"] = ("在建", "under construction"),
        ["in_service"] = ("在用", "in service"),
        ["retired"] = ("已退网", "retired"),
        ["not_in_service"] = ("未投入使用", "not in service"),
        ["out_of_reach"] = ("超出覆盖半径", "out of reach"),
        ["outside_sectors"] = ("不在扇区内", "outside its sectors"),
        ["no_free_ports"] = ("端口已满", "no free ports"),
        ["not_fiber_connected"] = ("未接入光纤", "not fiber-connected"),
        ["filing_not_valid_on_date"] = ("申报不在有效期内", "filing not valid on the date"),
        ["filing_disputed"] = ("申报有争议", "filing disputed"),
        ["filing_rejected"] = ("申报被驳回", "filing rejected"),
        ["not_cable_tv_carrier"] = ("非广电网络", "not the radio-TV network"),
        ["mobile_filings_not_counted"] = ("移动申报不计入", "mobile filings not counted"),
        ["met"] = ("已完成", "met"),
        ["on_track"] = ("按期可完成", "on track"),
        ["late"] = ("将延期完成", "late"),
        ["not_at_this_pace"] = ("按此进度无法完成", "not at this pace"),
        ["period_closed"] = ("期限已过未完成", "period closed, not met"),
        ["backbone"] = ("骨干", "backbone"),
        ["distribution"] = ("汇聚", "distribution"),
        ["access"] = ("接入", "access"),
        ["stations"] = ("个", "stations"),
        ["sites"] = ("个", "sites"),
        ["lines"] = ("线", "lines"),
        ["subscribers"] = ("户", "subscribers"),
        ["km"] = ("公里", "km"),
        ["siting"] = ("基站选址", "station siting"),
        ["fiber_extension"] = ("光纤延伸", "fiber extension"),
        ["manual"] = ("手工绘制", "drawn by hand"),
    };

    public ReportLanguage Language { get; } = language;

    public bool Chinese => Language == ReportLanguage.Zh;

    /// <summary>The HTML <c>lang</c> attribute.</summary>
    public string HtmlLang => Chinese ? "zh-CN" : "en";

    public string this[string zh, string en] => Chinese ? zh : en;

    /// <summary>A wire name (snake_case) in words; unknown names are shown as they are.</summary>
    public string Word(string wireName) => Words.TryGetValue(wireName, out var w) ? (Chinese ? w.Zh : w.En) : wireName;

    public string Service(Service service) => Word(Http.WireNames.Of(service));

    /// <summary>The demo-data mark every report carries when the data set is the generated one.</summary>
    public string DemoMark => Chinese
        ? "生成的演示数据 · Generated demo data — 非真实地图或网络，仅供演示"
        : "Generated demo data · 生成的演示数据 — not a real map or network";

    public string Number(double value, int decimals = 0) =>
        value.ToString(decimals == 0 ? "#,0" : "#,0." + new string('0', decimals), System.Globalization.CultureInfo.InvariantCulture);

    public string Percent(double? share) => share is { } s ? (s * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "—";

    /// <summary>Metres as a readable distance: "850 m", "12.4 km".</summary>
    public string Distance(double? metres) => metres switch
    {
        null => "—",
        < 1_000 => Number(metres.Value) + " m",
        _ => Number(metres.Value / 1_000, 1) + " km",
    };
}
