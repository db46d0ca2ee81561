using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Infra.Api.Auth;
using Infra.Domain.Plans;
using Infra.Domain.Regions;
using Infra.Map.Rendering;
using Infra.Map.Styles;
using Infra.Map.Tiles;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace Infra.Map.Tests;

/// <summary>The viewer over a database of its own, since these tests write scenarios; a planner key for the writes.</summary>
public sealed class ScenarioViewer(PostGis pg) : Viewer(pg)
{
    public string PlannerKey { get; private set; } = "";

    protected override async Task<string> DatabaseAsync(PostGis pg)
    {
        var database = await pg.NewDatabaseAsync(withDemo: true);
        await using var db = PostGis.Context(database);
        PlannerKey = (await ApiKeys.CreateAsync(db, "planner", "map tests", TimeProvider.System, CancellationToken.None)).Key;
        return database;
    }
}

public class ScenarioViewerTests(ScenarioViewer viewer) : IClassFixture<ScenarioViewer>
{
    private static readonly DateOnly BaseDate = new(2005, 12, 31);

    private static readonly string[] ProposalLayers = ["proposed-stations", "proposed-footprints", "proposed-fiber", "proposed-access-points"];

    /// <summary>
    /// A scenario on 2005-12-31 drawn through the API: a GSM station (3 km) at each of three administrative villages that
    /// have no mobile signal that day (far apart, so each station serves its own), one fiber route and one access point.
    /// </summary>
    private async Task<(int Id, IReadOnlyList<Village> Villages)> ScenarioAsync(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = viewer.Server.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", viewer.PlannerKey);
        var created = await http.PostAsJsonAsync("/api/scenarios", new { name, description = "map tests", baseDate = "2005-12-31" }, ct);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(ct));
        var id = (await created.ReadJsonAsync()).GetProperty("id").GetInt32();

        var source = (IMapSource)viewer.Server.Services.GetService(typeof(IMapSource))!;
        var result = (await source.CoverageAsync(BaseDate, ct)).Result;
        var chosen = new List<Village>();
        for (var i = 0; i < result.Villages.Count && chosen.Count < 3; i++)
        {
            var v = result.Villages[i];
            if (v.Kind == VillageKind.Administrative && !result.IsServed(i, Service.Mobile)
                && chosen.All(c => Math.Abs(c.Location.X - v.Location.X) + Math.Abs(c.Location.Y - v.Location.Y) > 0.3))
            {
                chosen.Add(v);
            }
        }

        Assert.Equal(3, chosen.Count);
        var features = chosen.Select((v, i) => Feature("Point", new[] { v.Location.X, v.Location.Y },
                new { kind = "base_station", carrier = "cmcc", technology = "gsm", radiusM = 3000, label = $"规划站 {i + 1}" }))
            .Append(Feature("LineString", new[] { new[] { chosen[0].Location.X, chosen[0].Location.Y }, new[] { chosen[0].Location.X + 0.04, chosen[0].Location.Y + 0.03 } },
                new { kind = "fiber_route", carrier = "cmcc", tier = "access", label = "规划光缆 1" }))
            .Append(Feature("Point", new[] { chosen[1].Location.X + 0.01, chosen[1].Location.Y },
                new { kind = "access_point", carrier = "cmcc", technology = "pon", label = "规划接入点 1" }));
        using var body = new StringContent(JsonSerializer.Serialize(new { type = "FeatureCollection", features }), null, "application/geo+json");
        var added = await http.PostAsync($"/api/scenarios/{id}/assets", body, ct);
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync(ct));
        return (id, chosen);
    }

    private static object Feature(string type, object coordinates, object properties) =>
        new { type = "Feature", geometry = new { type, coordinates }, properties };

    /// <summary>The distinct features each layer has drawn (feature id, or a village's code), as the map reports them.</summary>
    private static async Task<Dictionary<string, string[]>> DrawnAsync(IPage page, params string[] layers) =>
        await page.EvaluateAsync<Dictionary<string, string[]>>("""
            (layers) => Object.fromEntries(layers.map((id) => [id,
              [...new Set(window.infra.map.queryRenderedFeatures({ layers: [id] }).map((f) => String(f.properties.code ?? f.id)))]]))
            """, layers);

    private static Task ShowingAsync(IPage page, int id, string view, string service) =>
        page.WaitForFunctionAsync($"() => document.body.dataset.scenario === '{id}:{view}:{service}'", null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });

    private static double Percent(string text) => double.Parse(text.TrimEnd('%'), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Choosing_a_scenario_draws_its_proposals_and_the_villages_it_newly_serves_with_the_numbers_before_and_after()
    {
        var (id, villages) = await ScenarioAsync("三站方案");
        var (page, problems) = await viewer.OpenAsync("/?service=mobile");
        await page.Locator($"#scenario option[value='{id}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        Assert.Empty((await DrawnAsync(page, ProposalLayers))["proposed-stations"]);

        await page.SelectOptionAsync("#scenario", id.ToString(CultureInfo.InvariantCulture));
        await ShowingAsync(page, id, "after", "mobile");
        await Viewer.Idle(page);
        await Viewer.ShotAsync(page, "20-scenario-after");

        var drawn = await DrawnAsync(page, [.. ProposalLayers, "newly-served"]);
        Assert.Equal(3, drawn["proposed-stations"].Length);
        Assert.Equal(3, drawn["proposed-footprints"].Length);
        Assert.Single(drawn["proposed-fiber"]);
        Assert.Single(drawn["proposed-access-points"]);
        Assert.All(villages, v => Assert.Contains(v.Code, drawn["newly-served"]));

        using var http = new HttpClient { BaseAddress = viewer.Server.Address };
        var served = await http.GetJsonAsync($"/api/scenarios/{id}/villages?service=mobile");
        Assert.Equal(served.GetProperty("features").GetArrayLength(), drawn["newly-served"].Length);

        // The map moved to the scenario's base date, and the numbers are the API's: before on that date, after with the scenario.
        Assert.Contains("asOf=2005-12-31", page.Url);
        Assert.Contains($"scenario={id}", page.Url);
        Assert.Contains("view=after", page.Url);
        var before = Percent(await page.InnerTextAsync("#scenario-before strong"));
        var after = Percent(await page.InnerTextAsync("#scenario-after strong"));
        Assert.True(after > before, $"after {after}% should exceed before {before}%");
        var city = (await http.GetJsonAsync($"/api/scenarios/{id}/coverage?level=city&service=mobile"))
            .GetProperty("regions")[0].GetProperty("services").GetProperty("mobile").GetProperty("administrative");
        Assert.Equal((city.GetProperty("share").GetDouble() * 100).ToString("F1", CultureInfo.InvariantCulture) + "%",
            await page.InnerTextAsync("#scenario-after strong"));
        Assert.StartsWith("+", await page.InnerTextAsync("#scenario-delta"));
        Assert.Contains(served.GetProperty("features").GetArrayLength().ToString("N0", CultureInfo.InvariantCulture),
            await page.InnerTextAsync("#scenario-newly"));
        var gained = await page.Locator(".scn-counties tr.changed").First.GetAttributeAsync("data-county");
        Assert.NotNull(gained);
        // The "after" choropleth colours regions by their share with the scenario, which the tiles cannot know.
        var fill = await page.EvaluateAsync<JsonElement>("() => window.infra.map.getPaintProperty('counties', 'fill-color')");
        Assert.Contains($"\"{gained}\"", fill.GetRawText());
        Assert.Contains("\"match\"", fill.GetRawText());
        Assert.True(await page.IsVisibleAsync("#layer-proposed-stations"), "the legend lists the scenario's layers");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_before_view_hides_the_proposals_and_shows_the_villages_unserved_and_a_permalink_restores_scenario_and_view()
    {
        var (id, _) = await ScenarioAsync("对照方案");
        var (page, problems) = await viewer.OpenAsync("/?service=mobile");
        await page.Locator($"#scenario option[value='{id}']").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.SelectOptionAsync("#scenario", id.ToString(CultureInfo.InvariantCulture));
        await ShowingAsync(page, id, "after", "mobile");
        await page.ClickAsync("label[for=view-before]");
        await ShowingAsync(page, id, "before", "mobile");
        await Viewer.Idle(page);
        await Viewer.ShotAsync(page, "21-scenario-before");
        var before = await DrawnAsync(page, [.. ProposalLayers, "newly-served"]);
        Assert.All(ProposalLayers, l => Assert.True(before[l].Length == 0, $"{l} drawn in the before view"));
        Assert.NotEmpty(before["newly-served"]);
        Assert.DoesNotContain("\"match\"", (await page.EvaluateAsync<JsonElement>("() => window.infra.map.getPaintProperty('counties', 'fill-color')")).GetRawText());
        Assert.Equal(MapStyle.Default.Layer("villages")["unserved"].GetString(),
            await page.EvaluateAsync<string>("() => window.infra.map.getPaintProperty('newly-served', 'circle-color')"));
        Assert.Contains("view=before", page.Url);
        var link = page.Url;
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();

        var (again, moreProblems) = await viewer.OpenAsync(new Uri(link).PathAndQuery);
        await ShowingAsync(again, id, "before", "mobile");
        Assert.Equal(id.ToString(CultureInfo.InvariantCulture), await again.InputValueAsync("#scenario"));
        Assert.True(await again.IsCheckedAsync("#view-before"));
        Assert.Equal("2005-12-31", await again.InnerTextAsync("#date-label"));
        await again.ClickAsync("label[for=view-after]");
        await ShowingAsync(again, id, "after", "mobile");
        await Viewer.Idle(again);
        Assert.Equal(3, (await DrawnAsync(again, "proposed-stations"))["proposed-stations"].Length);
        Assert.Equal(MapStyle.Default.ScenarioLayer("newly-served").GetProperty("color").GetString(),
            await again.EvaluateAsync<string>("() => window.infra.map.getPaintProperty('newly-served', 'circle-color')"));

        // Another service reloads the villages and the numbers for it.
        await again.SelectOptionAsync("#service", "broadband");
        await ShowingAsync(again, id, "after", "broadband");
        Assert.Contains("宽带", await again.InnerTextAsync("#scenario-numbers"));
        Assert.Contains("service=broadband", again.Url);
        Assert.True(moreProblems.Count == 0, string.Join("\n", moreProblems));
        await again.CloseAsync();
    }

    [Fact]
    public async Task A_link_with_only_the_scenario_opens_on_its_base_date_and_a_proposed_station_has_a_popup()
    {
        var (id, villages) = await ScenarioAsync("弹窗方案");
        var station = villages[0].Location;
        var at = $"{station.Y.ToString(CultureInfo.InvariantCulture)}/{station.X.ToString(CultureInfo.InvariantCulture)}";
        var (page, problems) = await viewer.OpenAsync($"/?service=mobile&scenario={id}#map=13/{at}");
        await ShowingAsync(page, id, "after", "mobile");
        await Viewer.Idle(page);
        Assert.Equal("2005-12-31", await page.InnerTextAsync("#date-label"));
        var (x, y) = await Viewer.PixelOf(page, station.X, station.Y);
        await page.Mouse.ClickAsync(x, y);
        var popup = page.Locator(".maplibregl-popup");
        await popup.WaitForAsync();
        await Viewer.ShotAsync(page, "22-proposal-popup");
        var text = await popup.InnerTextAsync();
        Assert.Contains("规划站 1", text);
        Assert.Contains("方案提议", text);
        Assert.Contains("3,000 m", text);

        await page.ClickAsync("#lang");
        Assert.Equal("Planning scenario", await page.InnerTextAsync("#scenario-section h2"));
        Assert.Contains("Before", await page.InnerTextAsync("#scenario-view"));
        Assert.Contains("lang=en", page.Url);
        Assert.Contains($"scenario={id}", page.Url);
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_map_image_draws_a_scenarios_stations_and_footprints_on_its_base_date()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, villages) = await ScenarioAsync("出图方案");
        var s = villages[0].Location;
        var box = new Envelope(s.X - 0.06, s.X + 0.06, s.Y - 0.05, s.Y + 0.05);
        var bbox = string.Create(CultureInfo.InvariantCulture, $"{box.MinX},{box.MinY},{box.MaxX},{box.MaxY}");
        var url = $"/api/maps/render.png?bbox={bbox}&width=600&height=500&layers=boundaries";
        using var http = new HttpClient { BaseAddress = viewer.Server.Address };
        var with = await http.GetAsync($"{url}&scenario={id}", ct);
        Assert.Equal(HttpStatusCode.OK, with.StatusCode);
        Assert.Contains("scenario;dur=", string.Join(",", with.Headers.GetValues("Server-Timing")));
        using var drawn = SKBitmap.Decode(await with.Content.ReadAsByteArrayAsync(ct));
        using var plain = SKBitmap.Decode(await http.GetByteArrayAsync($"{url}&asOf=2005-12-31", ct));
        await File.WriteAllBytesAsync(Path.Combine(Viewer.Artifacts, "23-scenario-image.png"), drawn.Encode(SKEncodedImageFormat.Png, 100).ToArray(), ct);

        var view = new Viewport(box, 600, 500);
        SKPoint At(double lon, double lat)
        {
            var (x, y) = TileMath.Mercator(lon, lat);
            return view.Pixel(x, y);
        }

        // 1 km ≈ 0.0107° of longitude at 33° N: 1.5 km east is inside the 3 km footprint, 4.5 km east is outside it.
        var centre = At(s.X, s.Y);
        var inside = At(s.X + (1.5 * 0.0107), s.Y);
        var outside = At(s.X + (4.5 * 0.0107), s.Y);
        static bool Near(SKColor a, SKColor b, int tolerance) =>
            Math.Abs(a.Red - b.Red) <= tolerance && Math.Abs(a.Green - b.Green) <= tolerance && Math.Abs(a.Blue - b.Blue) <= tolerance;
        SKColor Pixel(SKBitmap b, SKPoint p) => b.GetPixel((int)Math.Round(p.X), (int)Math.Round(p.Y));

        Assert.True(Near(Pixel(drawn, centre), SKColor.Parse("#11a3b8"), 10), $"the station is drawn in China Mobile's colour, got {Pixel(drawn, centre)}");
        Assert.False(Near(Pixel(plain, centre), SKColor.Parse("#11a3b8"), 10), "without the scenario there is no station there");
        Assert.False(Near(Pixel(drawn, inside), Pixel(plain, inside), 6), $"the footprint tints the map 1.5 km from the station: {Pixel(drawn, inside)} vs {Pixel(plain, inside)}");
        Assert.True(Near(Pixel(drawn, outside), Pixel(plain, outside), 2), "4.5 km away the 3 km footprint leaves the map alone");

        var missing = await http.GetJsonAsync($"{url}&scenario=987654", HttpStatusCode.BadRequest);
        Assert.Contains("scenario", missing.ErrorFields());
    }
}
