using Infra.Domain.Regions;

namespace Infra.Geodata;

/// <summary>
/// Synthetic place names in the style of the Huang-Huai plain: a surname and a landmark for villages
/// (李庄, 王楼, 张营), auspicious pairs for urban units (安康街道, 瑞华社区), a landmark pair for towns.
/// They are drawn at random from these pools, never taken from a list of real names, so any
/// coincidence with a real place is only that.
/// </summary>
internal sealed class Names(Random random)
{
    private const string Surnames =
        "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏" +
        "钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹常武乔贺龚文庞樊兰殷施陶翟安牛";

    private const string VillageSuffixes = "庄楼营寨湾岗店集桥庙屯园口沟铺坡台湖洼庄楼营寨";
    private const string VillagePrefixes = "大小前后东西南北上下新老";
    private const string HamletPrefixes = "前后东西南北大小上下";
    private const string UrbanFirst = "新华安康和平兴文明光泰丰永昌顺景瑞宁长春清源德惠福锦嘉乐祥裕盛荣";
    private const string UrbanSecond = "华安康和平兴园苑明光泰丰昌顺景瑞宁源德惠福城阳庭湖河秀";
    private const string RuralFirst = "东西南北大小新老高古黄白青石双三五七柳杨桃杏槐梅沙清龙凤金银李王张刘陈赵周吴孙朱马韩冯";
    private const string RuralSecond = "庄桥岗店集河湖山林坡寨营楼铺台沟屯庙埠湾堰陵港园口阁城寺关";
    private static readonly string[] OtherSuffixes = ["农场", "林场", "管理区"];

    /// <summary>A township name, its two-character stem unique among <paramref name="usedStems"/>.</summary>
    public string Township(TownshipKind kind, ISet<string> usedStems) => kind switch
    {
        TownshipKind.Subdistrict => Unique(() => Pair(UrbanFirst, UrbanSecond), usedStems) + "街道",
        TownshipKind.Town => Unique(() => Pair(RuralFirst, RuralSecond), usedStems) + "镇",
        TownshipKind.Township => Unique(() => Pair(RuralFirst, RuralSecond), usedStems) + "乡",
        _ => Unique(() => Pair(RuralFirst, RuralSecond), usedStems) + OtherSuffixes[random.Next(OtherSuffixes.Length)],
    };

    public string Community(ISet<string> usedStems) => Unique(() => Pair(UrbanFirst, UrbanSecond), usedStems) + "社区";

    /// <summary>An administrative village (李庄村, 大王楼村), unique among <paramref name="usedStems"/>.</summary>
    public VillageName Village(ISet<string> usedStems)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var prefix = random.NextDouble() < 0.25 ? Pick(VillagePrefixes) : "";
            var name = new VillageName(prefix, Pick(Surnames), Pick(VillageSuffixes));
            if (usedStems.Add(name.Stem))
            {
                return name;
            }
        }

        throw new InvalidOperationException("Ran out of village names.");
    }

    /// <summary>
    /// Natural villages of one administrative village: the first carries the village's own name, the
    /// others are its offshoots (后李庄, 小李庄) or hamlets of other families (张营, 东张营).
    /// </summary>
    public IReadOnlyList<string> Hamlets(VillageName village, int count)
    {
        var used = new HashSet<string>(StringComparer.Ordinal) { village.Stem };
        var names = new List<string> { village.Stem };
        while (names.Count < count)
        {
            var roll = random.NextDouble();
            var core = roll < 0.4 ? village.Surname + village.Suffix : Pick(Surnames) + Pick(VillageSuffixes);
            var name = roll < 0.4 || roll > 0.75 ? Pick(HamletPrefixes) + core : core;
            if (used.Add(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    private string Unique(Func<string> draw, ISet<string> used)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var stem = draw();
            if (used.Add(stem))
            {
                return stem;
            }
        }

        throw new InvalidOperationException("Ran out of place names.");
    }

    private string Pair(string first, string second)
    {
        while (true)
        {
            var a = Pick(first);
            var b = Pick(second);
            if (a != b)
            {
                return a + b;
            }
        }
    }

    private string Pick(string pool) => pool[random.Next(pool.Length)].ToString();
}

/// <summary>An administrative village's name in parts: optional prefix, family name, landmark.</summary>
internal readonly record struct VillageName(string Prefix, string Surname, string Suffix)
{
    public string Stem => Prefix + Surname + Suffix;

    public string Full => Stem + "村";
}
