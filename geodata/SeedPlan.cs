using Infra.Domain.Assets;
using Infra.Domain.Plans;
using Infra.Domain.Regions;

namespace Infra.Geodata;

/// <summary>
/// The targets of 驻马店市国民经济和社会信息化“十一五”发展规划 as data (DESIGN §2). Each carries the plan's
/// own words; where the plan states a 2005 figure, it is the baseline.
/// </summary>
public static class SeedPlan
{
    public const string Code = "zmd-11th-fyp";

    private static readonly DateOnly Start = new(2006, 1, 1);
    private static readonly DateOnly EndOf2007 = new(2007, 12, 31);
    private static readonly DateOnly EndOf2010 = new(2010, 12, 31);

    public static Plan Create()
    {
        var plan = new Plan(Code, "驻马店市国民经济和社会信息化“十一五”发展规划",
            "Zhumadian informatization plan for the 11th Five-Year Plan (2006–2010)", "411700", Start, EndOf2010,
            "驻马店市国民经济和社会信息化“十一五”发展规划(讨论稿)");

        Add(plan, "rural-base-stations", "农村新建基站", "New rural base stations", TargetMetric.NewAssetCount,
            new() { AssetKind = AssetKind.BaseStation, RuralOnly = true }, Start, EndOf2007, 98, "stations", "在农村新建98个基站", null);
        Add(plan, "rural-fiber", "农村新建光缆", "New rural fiber-optic cable", TargetMetric.NewFiberKm,
            new() { RuralOnly = true }, Start, EndOf2007, 1400, "km", "铺设1400公里光缆", null);
        Add(plan, "rural-access-points", "农村综合接入网点", "Rural integrated access points", TargetMetric.NewAssetCount,
            new() { AssetKind = AssetKind.AccessPoint, RuralOnly = true, IntegratedOnly = true }, Start, EndOf2007, 1000, "sites",
            "建设农村综合接入网点1000个", null);
        Add(plan, "installation-capacity", "新增装机能力", "New installation capacity", TargetMetric.CapacityAdded,
            new() { NodeKinds = [SwitchingNodeKind.LocalExchange, SwitchingNodeKind.RemoteModule] }, Start, EndOf2007, 300_000, "lines",
            "提供30万线的装机能力", null);
        Add(plan, "admin-villages-broadband", "行政村通宽带", "Administrative villages with broadband", TargetMetric.VillageShare,
            new() { Service = Service.Broadband, VillageKind = VillageKind.Administrative }, null, EndOf2010, 100, "%", "实现村村上宽带", null);
        Add(plan, "natural-villages-phone", "自然村通话率", "Natural villages with phone service", TargetMetric.VillageShare,
            new() { Service = Service.Phone, VillageKind = VillageKind.Natural }, null, EndOf2010, 100, "%", "实现自然村通话率百分百", 98);
        Add(plan, "townships-ip-backbone", "乡镇通IP宽带骨干网", "Townships on the IP broadband backbone", TargetMetric.TownshipShare,
            new() { Service = Service.IpBackbone }, null, EndOf2010, 100, "%", "I P宽带骨干网覆盖全市所有乡(镇)", null);
        Add(plan, "mobile-switching", "移动交换机容量", "Mobile switching capacity", TargetMetric.CapacityTotal,
            new() { NodeKinds = [SwitchingNodeKind.Msc] }, Start, EndOf2010, 3_800_000, "lines",
            "移动交换机容量净增260万门，将累计达到380万门以上", 1_650_000);
        Add(plan, "fixed-phone-subscribers", "固定电话新增用户", "New fixed-phone subscribers", TargetMetric.SubscribersAdded,
            new() { NodeKinds = [SwitchingNodeKind.LocalExchange, SwitchingNodeKind.RemoteModule] }, Start, EndOf2010, 550_000, "subscribers",
            "固定电话新增55万户", null);
        Add(plan, "townships-cable-tv", "乡镇通有线电视", "Townships with cable TV", TargetMetric.TownshipShare,
            new() { Service = Service.CableTv }, null, EndOf2010, 100, "%", "全市百分百的乡镇贯通有线电视", null);
        Add(plan, "natural-villages-cable-tv", "自然村通有线电视", "Natural villages with cable TV", TargetMetric.VillageShare,
            new() { Service = Service.CableTv, VillageKind = VillageKind.Natural }, null, EndOf2010, 50, "%", "50%以上的自然村贯通有线电视", null);
        Add(plan, "radio-population", "广播综合覆盖率", "Radio population coverage", TargetMetric.PopulationShare,
            new() { Service = Service.Radio }, null, EndOf2010, 99, "%", "广播综合覆盖率达到99%", 97);
        Add(plan, "tv-population", "电视综合覆盖率", "TV population coverage", TargetMetric.PopulationShare,
            new() { Service = Service.Tv }, null, EndOf2010, 98, "%", "电视综合覆盖率达到98%", 95);
        return plan;
    }

    private static void Add(Plan plan, string code, string name, string nameEn, TargetMetric metric, TargetFilter filter,
        DateOnly? start, DateOnly end, double goal, string unit, string text, double? baseline) =>
        plan.AddTarget(new TargetSpec(code, name, nameEn, metric, filter, start, end, goal, unit, text, baseline));
}
