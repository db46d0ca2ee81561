using System.Globalization;
using System.Reflection;
using System.Text;
using Infra.Domain.Regions;
using NetTopologySuite.Geometries;

namespace Infra.Geodata;

/// <summary>One row of <c>zhumadian_facts.csv</c>; see <c>SOURCES.md</c> for where each figure comes from.</summary>
/// <param name="SeatLon">Seat of the county government, WGS 84 longitude, degrees.</param>
/// <param name="SeatLat">Seat of the county government, WGS 84 latitude, degrees.</param>
/// <param name="AreaKm2">Area of the county, km².</param>
/// <param name="Townships">All township-level units; equals the four counts by kind.</param>
/// <param name="Subdistricts">街道.</param>
/// <param name="Towns">镇.</param>
/// <param name="TownshipsXiang">乡.</param>
/// <param name="Other">Farms, management areas and the like.</param>
/// <param name="AdminVillages">村民委员会.</param>
/// <param name="ResidentsCommittees">居民委员会.</param>
/// <param name="Population2011Wan">Resident population 2011 in 10,000 persons; only the shares are used.</param>
public sealed record CountyFacts(
    string Code,
    string Name,
    string NameEn,
    double SeatLon,
    double SeatLat,
    double AreaKm2,
    int Townships,
    int Subdistricts,
    int Towns,
    int TownshipsXiang,
    int Other,
    int AdminVillages,
    int ResidentsCommittees,
    double Population2011Wan)
{
    /// <summary>A 区 (district) is mostly urban; a 县 (county) mostly rural.</summary>
    public bool IsDistrict => Name.EndsWith('区');
}

/// <summary>The real facts the demo region is generated from.</summary>
public static class Facts
{
    private const string Header =
        "code,name,name_en,seat_lon,seat_lat,area_km2,townships,subdistricts,towns,townships_xiang,other," +
        "admin_villages,residents_committees,population_2011_wan";

    private static readonly Lazy<IReadOnlyList<CountyFacts>> ZhumadianFacts = new(() => Parse(ReadResource("zhumadian_facts.csv")));

    /// <summary>The ten county-level divisions of Zhumadian (驻马店), from the embedded <c>zhumadian_facts.csv</c>.</summary>
    public static IReadOnlyList<CountyFacts> Zhumadian => ZhumadianFacts.Value;

    /// <summary>The prefecture-level city the ten counties make up.</summary>
    public static City ZhumadianCity { get; } = new("411700", "驻马店市", "Zhumadian");

    /// <summary>
    /// Extent of the city, WGS 84 lon/lat (DESIGN §7: about 113.09–115.21 E, 32.28–33.53 N); the
    /// generated outline stays inside it.
    /// </summary>
    public static Envelope ZhumadianExtent => new(113.09, 115.21, 32.28, 33.53);

    /// <summary>Parses the facts CSV (UTF-8, invariant culture); refuses any row that does not add up.</summary>
    /// <exception cref="FormatException">A row is malformed; the message names the line and the field.</exception>
    public static IReadOnlyList<CountyFacts> Parse(string csv)
    {
        var lines = csv.ReplaceLineEndings("\n").Split('\n');
        if (lines[0].TrimStart('\uFEFF').Trim() != Header)
        {
            throw new FormatException($"Line 1: expected the header '{Header}'.");
        }

        var rows = new List<CountyFacts>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                rows.Add(ParseRow(lines[i], i + 1));
            }
        }

        var duplicate = rows.GroupBy(r => r.Code).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new FormatException($"County code {duplicate.Key} appears more than once.");
        }

        return rows.Count > 0 ? rows : throw new FormatException("The facts file has no rows.");
    }

    private static CountyFacts ParseRow(string line, int lineNumber)
    {
        var f = line.Split(',');
        if (f.Length != 14)
        {
            throw new FormatException($"Line {lineNumber}: expected 14 fields, found {f.Length}.");
        }

        double Number(int index, string name)
        {
            if (!double.TryParse(f[index], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                throw new FormatException($"Line {lineNumber}: {name} '{f[index]}' is not a number.");
            }

            return value;
        }

        int Count(int index, string name)
        {
            if (!int.TryParse(f[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw new FormatException($"Line {lineNumber}: {name} '{f[index]}' is not a non-negative whole number.");
            }

            return value;
        }

        var facts = new CountyFacts(f[0].Trim(), f[1].Trim(), f[2].Trim(), Number(3, "seat_lon"), Number(4, "seat_lat"),
            Number(5, "area_km2"), Count(6, "townships"), Count(7, "subdistricts"), Count(8, "towns"), Count(9, "townships_xiang"),
            Count(10, "other"), Count(11, "admin_villages"), Count(12, "residents_committees"), Number(13, "population_2011_wan"));
        Check(facts.Code.Length == 6 && facts.Code.All(char.IsAsciiDigit), lineNumber, $"code '{facts.Code}' is not a 6-digit GB/T 2260 code");
        Check(facts.Name.Length > 0, lineNumber, "name is empty");
        Check(facts.SeatLon is >= -180 and <= 180 && facts.SeatLat is >= -90 and <= 90, lineNumber, "the seat is not a lon/lat position");
        Check(facts.AreaKm2 > 0, lineNumber, "area_km2 must be positive");
        Check(facts.Population2011Wan > 0, lineNumber, "population_2011_wan must be positive");
        Check(facts.Townships == facts.Subdistricts + facts.Towns + facts.TownshipsXiang + facts.Other, lineNumber,
            $"townships {facts.Townships} is not the sum of the counts by kind");
        Check(facts.Townships > 0, lineNumber, "a county needs at least one township");
        return facts;
    }

    private static void Check(bool condition, int lineNumber, string message)
    {
        if (!condition)
        {
            throw new FormatException($"Line {lineNumber}: {message}.");
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource '{name}' is missing from {nameof(Infra.Geodata)}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
