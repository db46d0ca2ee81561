using Infra.Domain;

namespace Infra.Geodata;

/// <summary>The operators the plan names (section 一(一): 网通、电信、移动、联通、铁通、广电).</summary>
public static class Carriers
{
    public static Carrier Netcom { get; } = new(1, "cnc", "中国网通", "网通", "China Netcom");

    public static Carrier Telecom { get; } = new(2, "ct", "中国电信", "电信", "China Telecom");

    public static Carrier Mobile { get; } = new(3, "cmcc", "中国移动", "移动", "China Mobile");

    public static Carrier Unicom { get; } = new(4, "cu", "中国联通", "联通", "China Unicom");

    public static Carrier Tietong { get; } = new(5, "crc", "中国铁通", "铁通", "China Tietong");

    public static Carrier RadioTv { get; } = new(6, "catv", "广电网络", "广电", "Radio and TV network");

    public static IReadOnlyList<Carrier> All { get; } = [Netcom, Telecom, Mobile, Unicom, Tietong, RadioTv];
}
