using GitOpsFleet.Reconciler.Tests.Service.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Webhooks;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>`serve` as a new user meets it: health, metrics, webhooks, the API and its token.</summary>
[Collection(ServeCollection.Name)]
public sealed class ServeEndToEndTests(ServeFixture fixture)
{
    private HttpClient Http => fixture.Serve.Http;

    [Fact]
    public async Task FreshFleet_FirstRunSucceeds_AndIsListedWithEveryStage()
    {
        var run = await ApiJson.GetAsync(Http, $"/api/runs/{fixture.FirstRunId}");
        Assert.Equal(fixture.Fleet, run["fleet"]!.ToString());
        Assert.Equal("succeeded", run["result"]!.ToString());
        var steps = run["document"]!["steps"]!.AsArray().Select(s => (Name: s!["name"]!.ToString(), Outcome: s["outcome"]!.ToString())).ToList();
        Assert.Equal(["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"], steps.Select(s => s.Name));
        Assert.All(steps, s => Assert.Equal("continue", s.Outcome));
        Assert.Equal("create", run["document"]!["results"]![0]!["action"]!["kind"]!.ToString());

        var fleet = await ApiJson.GetAsync(Http, $"/api/fleets/{fixture.Fleet}");
        Assert.Equal(fixture.Repo.Path, fleet["repository"]!.ToString());
        Assert.NotNull(fleet["lastRun"]!["commit"]);
        Assert.Contains(fleet["runs"]!.AsArray(), r => r!["id"]!.GetValue<long>() == fixture.FirstRunId);
    }

    [Fact]
    public async Task Healthz_Readyz_AndMetricsWithGitOpsFleetSeries()
    {
        Assert.Equal("ok\n", await Http.GetStringAsync("/healthz"));
        var ready = await ApiJson.GetAsync(Http, "/readyz");
        Assert.True(ready["ready"]!.GetValue<bool>(), ready.ToJsonString());
        var metrics = await Http.GetAsync("/metrics");
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains($"gitopsfleet_runs_total{{fleet=\"{fixture.Fleet}\",result=\"succeeded\"}}", text, StringComparison.Ordinal);
        Assert.Contains("gitopsfleet_run_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("gitopsfleet_stage_duration_seconds_bucket{stage=\"fetch\"", text, StringComparison.Ordinal);
        Assert.Contains("gitopsfleet_scheduler_lag_seconds_count", text, StringComparison.Ordinal);
        Assert.Contains($"gitopsfleet_drift_items{{fleet=\"{fixture.Fleet}\"}} 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_BadSignature_Is401AndStartsNothing_SignedPushStartsARun_OtherRefIgnored()
    {
        var before = await WebhookRunsAsync();
        var body = Encoding.UTF8.GetBytes($$$"""{"ref":"refs/heads/main","after":"{{{new string('a', 40)}}}","repository":{"clone_url":"{{{fixture.Repo.Path}}}"}}""");

        var bad = await PostHookAsync("/hooks/github", body, "sha256=" + new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var missing = await PostHookAsync("/hooks/github", body, null);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        var wrongSecret = await PostHookAsync("/hooks/github", body, WebhookSignature.GitHubHeader("not-the-secret", body));
        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);

        var otherRef = Encoding.UTF8.GetBytes("""{"ref":"refs/heads/feature","after":"b","repository":{}}""");
        var ignored = await PostHookAsync("/hooks/github", otherRef, WebhookSignature.GitHubHeader(ServeFixture.Secret, otherRef));
        Assert.Equal(HttpStatusCode.Accepted, ignored.StatusCode);
        Assert.Contains("\"ignored\"", await ignored.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Eventually.HoldsForAsync(async () => await WebhookRunsAsync() == before, TimeSpan.FromMilliseconds(500), "a refused or ignored push started a run");
        Assert.Equal(before, await WebhookRunsAsync());

        var good = await PostHookAsync("/hooks/github", body, WebhookSignature.GitHubHeader(ServeFixture.Secret, body));
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        await ApiJson.WaitForAsync(WebhookRunsAsync, n => n > before, TimeSpan.FromSeconds(30), n => $"{n} webhook runs\n{fixture.Serve.Output}");

        var gitea = await PostHookAsync("/hooks/gitea", body, WebhookSignature.GitHubHeader(ServeFixture.Secret, body)["sha256=".Length..], "X-Gitea-Signature", "X-Gitea-Event");
        Assert.Equal(HttpStatusCode.Accepted, gitea.StatusCode);
        var giteaBad = await PostHookAsync("/hooks/gitea", body, new string('f', 64), "X-Gitea-Signature", "X-Gitea-Event");
        Assert.Equal(HttpStatusCode.Unauthorized, giteaBad.StatusCode);
        var metrics = await Http.GetStringAsync("/metrics");
        Assert.Equal(3, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "github"), ("result", "unauthorized")));
    }

    [Fact]
    public async Task MergedDriftPullRequest_OnGitHubAndGitLab_StartsARunOfTheFleet()
    {
        var branch = "gitopsfleet/drift/" + fixture.Fleet;
        var github = Encoding.UTF8.GetBytes($$$"""{"action":"closed","pull_request":{"merged":true,"head":{"ref":"{{{branch}}}"},"base":{"ref":"main"}},"repository":{"clone_url":"{{{fixture.Repo.Path}}}"}}""");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(github) })
        {
            request.Headers.Add("X-GitHub-Event", "pull_request");
            request.Headers.Add("X-Hub-Signature-256", WebhookSignature.GitHubHeader(ServeFixture.Secret, github));
            Assert.Equal(HttpStatusCode.Accepted, (await Http.SendAsync(request)).StatusCode);
        }
        var runs = await ApiJson.WaitForAsync(() => ApiJson.RunsAsync(Http, $"?fleet={fixture.Fleet}&limit=200"),
            r => r.Any(x => x!["trigger"]!.ToString() == "webhook:github:pr-merged" && x["result"]!.ToString() != "running"), TimeSpan.FromSeconds(60),
            r => r.ToJsonString() + "\n" + fixture.Serve.Output);
        var run = runs.First(x => x!["trigger"]!.ToString() == "webhook:github:pr-merged")!;
        Assert.True(run["result"]!.ToString() is "succeeded" or "no-changes", run.ToJsonString());

        var gitlab = Encoding.UTF8.GetBytes($$$"""{"object_kind":"merge_request","object_attributes":{"action":"close","source_branch":"{{{branch}}}"},"project":{"git_http_url":"{{{fixture.Repo.Path}}}"}}""");
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/gitlab") { Content = new ByteArrayContent(gitlab) })
        {
            request.Headers.Add("X-Gitlab-Event", "Merge Request Hook");
            request.Headers.Add("X-Gitlab-Token", "not-the-secret");
            Assert.Equal(HttpStatusCode.Unauthorized, (await Http.SendAsync(request)).StatusCode);
        }
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/gitlab") { Content = new ByteArrayContent(gitlab) })
        {
            request.Headers.Add("X-Gitlab-Event", "Merge Request Hook");
            request.Headers.Add("X-Gitlab-Token", ServeFixture.GitLabToken);
            Assert.Equal(HttpStatusCode.Accepted, (await Http.SendAsync(request)).StatusCode);
        }
        await ApiJson.WaitForAsync(() => ApiJson.RunsAsync(Http, $"?fleet={fixture.Fleet}&limit=200"),
            r => r.Any(x => x!["trigger"]!.ToString() == "webhook:gitlab:pr-closed"), TimeSpan.FromSeconds(60), r => r.ToJsonString() + "\n" + fixture.Serve.Output);
    }

    [Fact]
    public async Task ManualRun_NeedsTheBearerToken()
    {
        var path = $"/api/fleets/{fixture.Fleet}/reconcile";
        var none = await Http.PostAsync(path, null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.ToString());
        using var wrong = new HttpRequestMessage(HttpMethod.Post, path);
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.Token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Http.SendAsync(wrong)).StatusCode);

        var before = (await ApiJson.RunsAsync(Http, $"?fleet={fixture.Fleet}&limit=200")).Count(r => r!["trigger"]!.ToString() == "api");
        using var right = new HttpRequestMessage(HttpMethod.Post, path);
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.Token);
        var accepted = await Http.SendAsync(right);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await ApiJson.WaitForAsync(async () => (await ApiJson.RunsAsync(Http, $"?fleet={fixture.Fleet}&limit=200")).Count(r => r!["trigger"]!.ToString() == "api"),
            n => n > before, TimeSpan.FromSeconds(30), n => $"{n} api runs");

        using var unknown = new HttpRequestMessage(HttpMethod.Post, "/api/fleets/no-such-fleet/reconcile");
        unknown.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.Token);
        var notFound = await Http.SendAsync(unknown);
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal("application/problem+json", notFound.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Runs_ArePagedNewestFirst_AndFilteredByResult_AndOpenApiDescribesThem()
    {
        var page = await ApiJson.GetAsync(Http, "/api/runs?limit=1");
        Assert.Single(page["items"]!.AsArray());
        var all = await ApiJson.RunsAsync(Http, "?limit=200");
        var ids = all.Select(r => r!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        if (all.Count > 1) Assert.Equal(1, page["nextOffset"]!.GetValue<int>());
        Assert.All(await ApiJson.RunsAsync(Http, "?result=succeeded"), r => Assert.Equal("succeeded", r!["result"]!.ToString()));
        Assert.Empty(await ApiJson.RunsAsync(Http, "?fleet=no-such-fleet"));
        var missing = await Http.GetAsync("/api/runs/999999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var openapi = JsonNode.Parse(await Http.GetStringAsync("/openapi.json"))!;
        Assert.NotNull(openapi["paths"]!["/api/runs"]);
        Assert.NotNull(openapi["paths"]!["/hooks/gitlab"]);
        Assert.NotNull(openapi["paths"]!["/api/fleets/{name}/reconcile"]!["post"]!["security"]);
        var decisions = await ApiJson.GetAsync(Http, $"/api/decisions?fleet={fixture.Fleet}");
        Assert.NotEmpty(decisions["items"]!.AsArray());
        Assert.NotNull((await ApiJson.GetAsync(Http, "/api/prs"))["items"]);
    }

    [Fact]
    public async Task Evidence_CountsTheServicesPolicyDecisions_AndRefusesABadPeriod()
    {
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd");
        var evidence = await ApiJson.GetAsync(Http, $"/api/evidence?since={since}&fleet={fixture.Fleet}");
        // This fleet's repository has no policies: its runs are counted, and no rule was evaluated (the CLI's tests count rules).
        Assert.True(evidence["runs"]!.GetValue<int>() > 0, evidence.ToJsonString());
        Assert.Equal(0, evidence["runsEvaluated"]!.GetValue<int>());
        Assert.Empty(evidence["rules"]!.AsArray());
        var before = await ApiJson.GetAsync(Http, $"/api/evidence?since=2020-01-01&until=2020-02-01&fleet={fixture.Fleet}");
        Assert.Equal(0, before["runs"]!.GetValue<int>());
        var csv = await Http.GetAsync($"/api/evidence?since={since}&format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("record,rule,stage,", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var bad = await Http.GetAsync("/api/evidence?since=yesterday");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(JsonNode.Parse(await Http.GetStringAsync("/openapi.json"))!["paths"]!["/api/evidence"]);
    }

    private async Task<int> WebhookRunsAsync() =>
        (await ApiJson.RunsAsync(Http, "?limit=200")).Count(r => r!["trigger"]!.ToString().StartsWith("webhook", StringComparison.Ordinal));

    private async Task<HttpResponseMessage> PostHookAsync(string path, byte[] body, string? signature, string header = "X-Hub-Signature-256", string eventHeader = "X-GitHub-Event")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(eventHeader, "push");
        if (signature is not null) request.Headers.Add(header, signature);
        return await Http.SendAsync(request);
    }
}
