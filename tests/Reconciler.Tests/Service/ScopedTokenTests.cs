using System.Net;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using static GitOpsFleet.Reconciler.Tests.Service.AccessTestKit;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Scoped tokens on the real service host: each mutating call needs its scope, and the audit log names the token.</summary>
public sealed class ScopedTokenTests
{
    [Fact]
    public async Task MutatingCalls_NeedTheirScope_AndTheAuditLogNamesEachToken()
    {
        using var temp = new TempDirectory("scoped-tokens");
        File.WriteAllText(temp.Combine("token"), ServeFixture.Token);
        await using var service = await InProcessService.StartAsync(["f"], (_, _) => Task.FromResult(RunResults.NoChanges), o => o.ApiTokenFile = temp.Combine("token"));
        var viewer = await CreateTokenAsync(service.DatabasePath, "viewer", "read");
        var ci = await CreateTokenAsync(service.DatabasePath, "ci", "run");
        var approver = await CreateTokenAsync(service.DatabasePath, "approver", "approve");
        long waiting;
        await using (var store = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None))
        {
            var at = DateTimeOffset.UtcNow;
            waiting = await store.StartRunAsync("f", "repo", "schedule", at, CancellationToken.None);
            var report = new RunReport { Result = RunResults.Waiting, Approval = new ApprovalReport { Fingerprint = "c1:aa", Status = "waiting" } };
            await store.FinishRunAsync(new RunRecord(waiting, "f", "repo", "c1", "schedule", at, at, RunResults.Waiting, "1 to create", report.ToDocument()), CancellationToken.None);
        }
        var http = service.Http;

        using (var none = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        }
        using (var wrong = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", ci + "x")) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var read = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", viewer))
        {
            Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
            Assert.Equal("application/problem+json", read.Content.Headers.ContentType?.MediaType);
            Assert.Equal("run", JsonNode.Parse(await read.Content.ReadAsStringAsync())!["requiredScope"]!.ToString());
        }
        // Approve does not imply run.
        using (var approveOnly = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", approver)) Assert.Equal(HttpStatusCode.Forbidden, approveOnly.StatusCode);
        using (var byCi = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", ci)) Assert.Equal(HttpStatusCode.Accepted, byCi.StatusCode);
        // The token of --api-token-file keeps working, as admin.
        using (var configured = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", ServeFixture.Token)) Assert.Equal(HttpStatusCode.Accepted, configured.StatusCode);

        using (var runCannotApprove = await SendAsync(http, HttpMethod.Post, $"/api/runs/{waiting}/approve", ci, new { by = "alice" })) Assert.Equal(HttpStatusCode.Forbidden, runCannotApprove.StatusCode);
        using (var readCannotApprove = await SendAsync(http, HttpMethod.Post, $"/api/runs/{waiting}/approve", viewer, new { by = "alice" })) Assert.Equal(HttpStatusCode.Forbidden, readCannotApprove.StatusCode);
        using (var approved = await SendAsync(http, HttpMethod.Post, $"/api/runs/{waiting}/approve", approver, new { by = "alice", reason = "window" })) Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        await RevokeAsync(service.DatabasePath, "ci");
        using (var revoked = await SendAsync(http, HttpMethod.Post, "/api/fleets/f/reconcile", ci)) Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);

        // Reads stay open without --require-read-token, but the audit log always needs a token.
        using (var fleets = await SendAsync(http, HttpMethod.Get, "/api/fleets", null)) Assert.Equal(HttpStatusCode.OK, fleets.StatusCode);
        using (var metrics = await SendAsync(http, HttpMethod.Get, "/metrics", null)) Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        using (var anonymousAudit = await SendAsync(http, HttpMethod.Get, "/api/audit", null)) Assert.Equal(HttpStatusCode.Unauthorized, anonymousAudit.StatusCode);
        using var audit = await SendAsync(http, HttpMethod.Get, "/api/audit", viewer);
        Assert.Equal(HttpStatusCode.OK, audit.StatusCode);
        var entries = JsonNode.Parse(await audit.Content.ReadAsStringAsync())!["items"]!.AsArray()
            .Select(e => (Actor: e!["actor"]!.ToString(), Action: e["action"]!.ToString(), Target: e["target"]!.ToString(), Origin: e["origin"]!.ToString(), Detail: e["detail"]?.ToString()))
            .ToList();
        Assert.Equal(
            [("ci", "run.request", "f"), ("api-token-file", "run.request", "f"), ("approver", "plan.approve", $"run {waiting}")],
            entries.Select(e => (e.Actor, e.Action, e.Target)));
        Assert.All(entries, e => Assert.Equal("127.0.0.1", e.Origin));
        Assert.Equal("fleet f, by alice, reason: window", entries[2].Detail);
    }

    [Fact]
    public async Task RequireReadToken_GuardsTheReadApiAndTheDashboard_WhoseLoginSetsAStrictHttpOnlySessionCookie()
    {
        await using var service = await InProcessService.StartAsync(["f"], (_, _) => Task.FromResult(RunResults.NoChanges), o => o.RequireReadToken = true);
        var viewer = await CreateTokenAsync(service.DatabasePath, "viewer", "read");
        var http = service.Http;

        using (var none = await SendAsync(http, HttpMethod.Get, "/api/fleets", null)) Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        using (var read = await SendAsync(http, HttpMethod.Get, "/api/fleets", viewer)) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        foreach (var open in new[] { "/healthz", "/openapi.json" })
        {
            using var answer = await SendAsync(http, HttpMethod.Get, open, null);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"{open}: {answer.StatusCode}");
        }
        // /metrics names every fleet: a Prometheus scrape sends a read token as its bearer token.
        using (var scrape = await SendAsync(http, HttpMethod.Get, "/metrics", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, scrape.StatusCode);
            Assert.Equal("Bearer", scrape.Headers.WwwAuthenticate.ToString());
            Assert.DoesNotContain("gitopsfleet_", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var scrape = await SendAsync(http, HttpMethod.Get, "/metrics", viewer + "x")) Assert.Equal(HttpStatusCode.Unauthorized, scrape.StatusCode);
        using (var scrape = await SendAsync(http, HttpMethod.Get, "/metrics", viewer))
        {
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            Assert.Contains("gitopsfleet_", await scrape.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = http.BaseAddress };
        foreach (var page in new[] { "/", "/fleets/f", "/runs/1" })
        {
            using var refused = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("<form id=\"login\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        async Task<HttpResponseMessage> LogInAsync(string token)
        {
            var page = await (await browser.GetAsync("/login")).Content.ReadAsStringAsync();
            return await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["form-check"] = FormCheck(page),
                ["return"] = "/fleets/f",
                ["token"] = token,
            }));
        }

        using (var wrong = await LogInAsync(viewer + "x")) Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using (var login = await LogInAsync(viewer))
        {
            Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            Assert.Equal("/fleets/f", login.Headers.Location?.ToString());
            var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("gitopsfleet-session=", StringComparison.Ordinal));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(viewer, cookie, StringComparison.Ordinal);
        }
        using (var page = await browser.GetAsync("/fleets/f")) Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        using (var home = await browser.GetAsync("/")) Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        // The dashboard's metrics link works in the logged-in browser.
        using (var metrics = await browser.GetAsync("/metrics")) Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);

        // A revoked token's session ends with it.
        await RevokeAsync(service.DatabasePath, "viewer");
        using (var after = await browser.GetAsync("/")) Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task DashboardDecision_NeedsAnApproveToken_AndIsAuditedUnderItsName()
    {
        await using var service = await InProcessService.StartAsync(["f"], (_, _) => Task.FromResult(RunResults.NoChanges), _ => { });
        var viewer = await CreateTokenAsync(service.DatabasePath, "viewer", "read");
        var admin = await CreateTokenAsync(service.DatabasePath, "ops-admin", "admin");
        long waiting;
        await using (var store = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None))
        {
            var at = DateTimeOffset.UtcNow;
            waiting = await store.StartRunAsync("f", "repo", "schedule", at, CancellationToken.None);
            var report = new RunReport { Result = RunResults.Waiting, Approval = new ApprovalReport { Fingerprint = "c1:aa", Status = "waiting" } };
            await store.FinishRunAsync(new RunRecord(waiting, "f", "repo", "c1", "schedule", at, at, RunResults.Waiting, "1 to create", report.ToDocument()), CancellationToken.None);
        }

        async Task<HttpResponseMessage> DecideAsync(string token)
        {
            var page = await service.Http.GetStringAsync($"/runs/{waiting}");
            return await service.Http.PostAsync($"/runs/{waiting}/decide", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["form-check"] = FormCheck(page), ["by"] = "carol", ["decision"] = "approve", ["token"] = token,
            }));
        }

        using (var readOnly = await DecideAsync(viewer)) Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        using (var approved = await DecideAsync(admin)) Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        await using var check = await SqliteStateStore.OpenAsync(service.DatabasePath, CancellationToken.None);
        var entry = Assert.Single(await check.ListAuditAsync(null, 100, CancellationToken.None));
        Assert.Equal(("ops-admin", "plan.approve", $"run {waiting}", "127.0.0.1", "fleet f, by carol"), (entry.Actor, entry.Action, entry.Target, entry.Origin, entry.Detail));
    }
}
