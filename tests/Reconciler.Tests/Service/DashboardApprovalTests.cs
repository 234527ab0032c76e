using System.Net;
using System.Text.RegularExpressions;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// The Approve / Reject form on a waiting run's page, on the real service host: in chromium as a person uses it,
/// and over plain HTTP to show that neither a missing token nor a post from elsewhere records anything.
/// </summary>
public sealed partial class DashboardApprovalTests
{
    private const string Fingerprint = "c1:aa";

    [Fact]
    public async Task WaitingRun_ShowsItsApproval_AndTheFormRecordsAnApproval_OnlyWithTheToken()
    {
        using var temp = new TempDirectory("dash-approve");
        await using var service = await StartAsync(temp);
        var waiting = await AddWaitingRunAsync(service);

        using var playwright = await LocalChromium.StartAsync();
        await using var browser = await LocalChromium.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var root = service.Http.BaseAddress!.ToString().TrimEnd('/');
        await page.GotoAsync(root + $"/runs/{waiting}");
        var approval = await page.Locator("#approval").InnerTextAsync();
        Assert.Contains(Fingerprint, approval, StringComparison.Ordinal);
        Assert.Contains("0 of 1", approval, StringComparison.Ordinal);
        Assert.Contains("60 min", approval, StringComparison.Ordinal);
        Assert.DoesNotContain(ServeFixture.Token, await page.ContentAsync(), StringComparison.Ordinal);

        // A wrong token: refused, and nothing recorded.
        await page.FillAsync("#decide input[name='by']", "alice");
        await page.FillAsync("#decide input[name='reason']", "maintenance window");
        await page.FillAsync("#decide input[name='token']", "not-the-token");
        await page.ClickAsync("#decide button[value='approve']");
        await page.WaitForURLAsync($"**/runs/{waiting}/decide");
        Assert.Equal("Unauthorized", await page.Locator("h1").InnerTextAsync());
        Assert.Empty(await DecisionsAsync(service));

        await page.GotoAsync(root + $"/runs/{waiting}");
        await page.FillAsync("#decide input[name='by']", "alice");
        await page.FillAsync("#decide input[name='reason']", "maintenance window");
        await page.FillAsync("#decide input[name='token']", ServeFixture.Token);
        await page.ClickAsync("#decide button[value='approve']");
        await page.WaitForURLAsync($"**/runs/{waiting}/decide");
        Assert.Equal("Approved", await page.Locator("h1").InnerTextAsync());
        Assert.Contains(Fingerprint, await page.Locator("p.ok").InnerTextAsync(), StringComparison.Ordinal);
        var decision = Assert.Single(await DecisionsAsync(service));
        Assert.Equal((waiting, "alice", "maintenance window", ApprovalDecision.Approve), (decision.RunId, decision.Approver, decision.Reason, decision.Decision));

        // The page now counts the approval and says until when it holds.
        await page.GotoAsync(root + $"/runs/{waiting}");
        approval = await page.Locator("#approval").InnerTextAsync();
        Assert.Contains("1 of 1: alice", approval, StringComparison.Ordinal);
        Assert.Contains("alice's until", approval, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_WithoutTheToken_OrFromAnotherPage_IsRefused_AndRecordsNothing()
    {
        using var temp = new TempDirectory("dash-refuse");
        await using var service = await StartAsync(temp);
        var waiting = await AddWaitingRunAsync(service);

        // The page's own form check (its cookie stays in service.Http), but no API token: 401.
        var html = await service.Http.GetStringAsync($"/runs/{waiting}");
        Assert.DoesNotContain(ServeFixture.Token, html, StringComparison.Ordinal);
        var check = FormCheck().Match(html).Groups[1].Value;
        Assert.NotEmpty(check);
        using var noToken = await service.Http.PostAsync($"/runs/{waiting}/decide",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["form-check"] = check, ["by"] = "mallory", ["decision"] = "approve" }));
        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);

        // The right token but no form check (as a post from another site would come): 403.
        using var elsewhere = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = service.Http.BaseAddress };
        using var forged = await elsewhere.PostAsync($"/runs/{waiting}/decide",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = ServeFixture.Token, ["by"] = "mallory", ["decision"] = "approve" }));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        Assert.Empty(await DecisionsAsync(service));
    }

    [GeneratedRegex("name=\"form-check\" value=\"([^\"]+)\"")]
    private static partial Regex FormCheck();

    private static Task<InProcessService> StartAsync(TempDirectory temp)
    {
        File.WriteAllText(temp.Combine("token"), ServeFixture.Token);
        return InProcessService.StartAsync(["f"], (_, _) => Task.FromResult(RunResults.NoChanges), o => o.ApiTokenFile = temp.Combine("token"));
    }

    private static async Task<long> AddWaitingRunAsync(InProcessService service)
    {
        await using var store = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None);
        var at = DateTimeOffset.UtcNow;
        var id = await store.StartRunAsync("f", "repo", "schedule", at, CancellationToken.None);
        var report = new RunReport
        {
            Result = RunResults.Waiting,
            Approval = new ApprovalReport { Fingerprint = Fingerprint, Status = "waiting", Reason = "validator rpc-0 died", Required = 1, ExpiresAfterSeconds = 3600 },
        };
        await store.FinishRunAsync(new RunRecord(id, "f", "repo", "c1", "schedule", at, at, RunResults.Waiting, "1 to replace", report.ToDocument()), CancellationToken.None);
        return id;
    }

    private static async Task<IReadOnlyList<ApprovalRecord>> DecisionsAsync(InProcessService service)
    {
        await using var store = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None);
        return await store.ListApprovalsAsync("f", CancellationToken.None);
    }
}
