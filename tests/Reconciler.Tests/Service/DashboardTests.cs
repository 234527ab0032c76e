using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>The dashboard in Debian's chromium, driven by Playwright: what a person sees after a run.</summary>
[Collection(ServeCollection.Name)]
public sealed class DashboardTests(ServeFixture fixture)
{
    [Fact]
    public async Task Dashboard_NamesTheFleet_AndExplainsItsRun()
    {
        using var playwright = await LocalChromium.StartAsync();
        await using var browser = await LocalChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var root = fixture.Serve.Http.BaseAddress!.ToString().TrimEnd('/');

        await page.GotoAsync(root + "/");
        Assert.Equal("Fleets · GitOpsFleet", await page.TitleAsync());
        var row = page.Locator($"#fleets tr[data-fleet='{fixture.Fleet}']");
        Assert.Equal(1, await row.CountAsync());
        var rowText = await row.InnerTextAsync();
        Assert.Contains(fixture.Fleet, rowText, StringComparison.Ordinal);
        Assert.Contains("fleet " + fixture.Fleet, rowText, StringComparison.Ordinal); // the last commit's message
        Assert.Matches("in-sync|running|drifted", rowText);
        Assert.Matches(@"#\d+ (succeeded|no-changes)", rowText);
        Assert.NotNull(await page.QuerySelectorAsync("meta[http-equiv='refresh']"));

        // The pages refresh themselves (meta refresh): a click that lands during a reload is lost, so the test checks
        // each link and then follows it by its address.
        Assert.Equal($"/fleets/{fixture.Fleet}", await row.Locator("a").First.GetAttributeAsync("href"));
        await page.GotoAsync(root + $"/fleets/{fixture.Fleet}");
        Assert.Equal($"Fleet {fixture.Fleet}", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(fixture.Repo.Path, await page.Locator("dl").InnerTextAsync(), StringComparison.Ordinal);

        Assert.Equal(1, await page.Locator($"table.runs a[href='/runs/{fixture.FirstRunId}']").CountAsync());
        await page.GotoAsync(root + $"/runs/{fixture.FirstRunId}");
        Assert.Contains("succeeded", await page.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        var stages = await page.Locator("#steps").InnerTextAsync();
        foreach (var stage in new[] { "fetch", "load", "observe", "policy", "apply" }) Assert.Contains(stage, stages, StringComparison.Ordinal);
        Assert.Contains("create", await page.Locator("#plan").InnerTextAsync(), StringComparison.Ordinal);
        var results = await page.Locator("#results").InnerTextAsync();
        Assert.Contains("rpc-0", results, StringComparison.Ordinal);
        Assert.Contains("succeeded", results, StringComparison.Ordinal);
        Assert.Contains("allowed", await page.Locator("h2:has-text('Policy decisions') + p").InnerTextAsync(), StringComparison.Ordinal);
    }
}
