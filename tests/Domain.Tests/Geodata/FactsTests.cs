using Infra.Geodata;

namespace Infra.Domain.Tests.Geodata;

public class FactsTests
{
    private const string Header =
        "code,name,name_en,seat_lon,seat_lat,area_km2,townships,subdistricts,towns,townships_xiang,other," +
        "admin_villages,residents_committees,population_2011_wan";

    [Fact]
    public void The_embedded_facts_are_the_briefs_figures()
    {
        var facts = Facts.Zhumadian;

        Assert.Equal(10, facts.Count);
        Assert.Equal(203, facts.Sum(f => f.Townships));
        Assert.Equal(2413, facts.Sum(f => f.AdminVillages));
        Assert.Equal(458, facts.Sum(f => f.ResidentsCommittees));
        Assert.Equal(15094.4, facts.Sum(f => f.AreaKm2), 1);
        var yicheng = facts[0];
        Assert.Equal(("411702", "驿城区", "Yicheng", 114.0233, 32.9794), (yicheng.Code, yicheng.Name, yicheng.NameEn, yicheng.SeatLon, yicheng.SeatLat));
        Assert.Equal((13, 5, 3, 0), (yicheng.Subdistricts, yicheng.Towns, yicheng.TownshipsXiang, yicheng.Other));
        Assert.True(yicheng.IsDistrict);
        Assert.All(facts.Skip(1), f => Assert.False(f.IsDistrict));
    }

    [Fact]
    public void Every_county_is_inside_the_city_extent() =>
        Assert.All(Facts.Zhumadian, f => Assert.True(Facts.ZhumadianExtent.Contains(f.SeatLon, f.SeatLat), f.Code));

    [Fact]
    public void Township_counts_that_do_not_add_up_are_refused_with_the_line()
    {
        var csv = Header + "\n411702,驿城区,Yicheng,114.0233,32.9794,1256.5,22,13,5,3,0,135,71,85.35\n";

        var ex = Assert.Throws<FormatException>(() => Facts.Parse(csv));

        Assert.Contains("Line 2", ex.Message);
        Assert.Contains("townships", ex.Message);
    }

    [Theory]
    [InlineData("411702,驿城区,Yicheng,east,32.9794,1256.5,21,13,5,3,0,135,71,85.35", "seat_lon")]
    [InlineData("411702,驿城区,Yicheng,114.0233,32.9794,1256.5,21,13,5,3,0,-135,71,85.35", "admin_villages")]
    [InlineData("4117,驿城区,Yicheng,114.0233,32.9794,1256.5,21,13,5,3,0,135,71,85.35", "code")]
    [InlineData("411702,驿城区,Yicheng,114.0233,32.9794,1256.5,21,13,5,3,0,135,71", "14 fields")]
    public void A_malformed_row_is_refused_naming_the_field(string row, string named)
    {
        var ex = Assert.Throws<FormatException>(() => Facts.Parse(Header + "\r\n" + row + "\r\n"));

        Assert.Contains("Line 2", ex.Message);
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void A_file_without_the_header_is_refused() =>
        Assert.Contains("header", Assert.Throws<FormatException>(() => Facts.Parse("411702,驿城区\n")).Message);

    [Fact]
    public void Numbers_are_read_in_the_invariant_culture_whatever_the_thread_culture()
    {
        var before = Thread.CurrentThread.CurrentCulture;
        try
        {
            Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            var facts = Facts.Parse(Header + "\n411702,驿城区,Yicheng,114.0233,32.9794,1256.5,21,13,5,3,0,135,71,85.35\n");
            Assert.Equal(114.0233, facts[0].SeatLon);
        }
        finally
        {
            Thread.CurrentThread.CurrentCulture = before;
        }
    }
}
