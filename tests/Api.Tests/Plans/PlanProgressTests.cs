using System.Text.Json;

namespace Infra.Api.Tests.Plans;

/// <summary>
/// The default plan's progress on the demo data. The 2008 values are whatever the generated build-out made
/// them; they are pinned here so that a change to the rules, the evaluator or the generator shows up.
/// </summary>
public class PlanProgressTests(PostGis pg)
{
    private async Task<Dictionary<string, JsonElement>> ProgressAsync(string asOf)
    {
        await using var app = PostGis.App(pg.SharedDemo);
        var plans = await app.CreateClient().GetJsonAsync("/api/plans");
        var id = plans[0].GetProperty("id").GetInt32();
        var body = await app.CreateClient().GetJsonAsync($"/api/plans/{id}/progress?asOf={asOf}");
        Assert.Equal(asOf, body.GetProperty("asOf").GetString());
        return body.GetProperty("targets").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
    }

    [Fact]
    public async Task Every_target_of_the_plan_is_evaluated_with_projection_counties_and_series()
    {
        var targets = await ProgressAsync("2008-12-31");
        Assert.Equal(13, targets.Count);
        foreach (var t in targets.Values)
        {
            Assert.Equal(10, t.GetProperty("byCounty").GetArrayLength());
            Assert.Equal("2008-12-31", t.GetProperty("series").EnumerateArray().Last().GetProperty("date").GetString());
            Assert.Equal(t.GetProperty("value").GetDouble(), t.GetProperty("series").EnumerateArray().Last().GetProperty("value").GetDouble());
            Assert.Contains(t.GetProperty("projection").GetProperty("status").GetString(), new[] { "met", "on_track", "late", "not_at_this_pace", "period_closed" });
            Assert.Equal(t.GetProperty("value").GetDouble() >= t.GetProperty("goal").GetDouble(), t.GetProperty("met").GetBoolean());
        }
    }

    [Theory]
    [InlineData("rural-base-stations", 107, true, "met")]
    [InlineData("rural-fiber", 2591.627, true, "met")]
    [InlineData("rural-access-points", 856, false, "period_closed")]
    [InlineData("installation-capacity", 272_000, false, "period_closed")]
    [InlineData("admin-villages-broadband", 94.322, false, "on_track")]
    [InlineData("natural-villages-phone", 99.986, false, "on_track")]
    [InlineData("townships-ip-backbone", 100, true, "met")]
    [InlineData("mobile-switching", 3_100_000, false, "late")]
    [InlineData("fixed-phone-subscribers", 330_000, false, "on_track")]
    [InlineData("townships-cable-tv", 80.788, false, "not_at_this_pace")]
    [InlineData("natural-villages-cable-tv", 18.794, false, "late")]
    [InlineData("radio-population", 98.752, false, "not_at_this_pace")]
    [InlineData("tv-population", 97.62, false, "on_track")]
    public async Task The_progress_at_the_end_of_2008_is_pinned(string code, double value, bool met, string status)
    {
        var t = (await ProgressAsync("2008-12-31"))[code];
        Assert.Equal(value, t.GetProperty("value").GetDouble(), 0.01);
        Assert.Equal(met, t.GetProperty("met").GetBoolean());
        Assert.Equal(status, t.GetProperty("projection").GetProperty("status").GetString());
    }

    [Fact]
    public async Task At_the_end_of_2005_the_targets_read_the_plans_baseline()
    {
        var targets = await ProgressAsync("2005-12-31");
        Assert.InRange(targets["natural-villages-phone"].GetProperty("value").GetDouble(), 98, 99.5);
        Assert.Equal(97, targets["radio-population"].GetProperty("value").GetDouble(), 0.5);
        Assert.Equal(95, targets["tv-population"].GetProperty("value").GetDouble(), 0.5);
        Assert.Equal(1_650_000, targets["mobile-switching"].GetProperty("value").GetDouble());
        Assert.Equal(0, targets["rural-base-stations"].GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task A_projection_follows_the_last_twelve_months_pace()
    {
        var t = (await ProgressAsync("2008-12-31"))["fixed-phone-subscribers"];
        var projection = t.GetProperty("projection");
        Assert.Equal(125_000, projection.GetProperty("pacePerYear").GetDouble());
        var date = DateOnly.Parse(projection.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        // 220,000 more at 125,000 a year: 1.76 years after 2008-12-31.
        Assert.InRange(date, new DateOnly(2010, 9, 30), new DateOnly(2010, 10, 10));
        Assert.True(projection.GetProperty("onTrack").GetBoolean());
    }
}
