using GitOpsFleet.Reconciler.Tests.Service.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service.Webhooks;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// Pull (merge) request deliveries from GitHub, Gitea/Forgejo and GitLab on the real host: the merge or close
/// of a fleet's drift pull request starts that fleet's run at once; anything else is acknowledged and ignored.
/// </summary>
public sealed class PullRequestWebhookTests
{
    private static readonly string[] Fleets = ["alpha", "beta"];

    [Fact]
    public async Task GitHub_MergedOrClosedDriftPullRequest_StartsThatFleetsRun_OtherActionsAndBranchesAreIgnored()
    {
        await using var svc = await StartAsync();

        var merged = await PostGitHubAsync(svc, "/hooks/github", GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")));
        Assert.Equal(HttpStatusCode.Accepted, merged.Status);
        Assert.Equal("accepted", merged.Body["status"]!.ToString());
        Assert.Equal("alpha", merged.Body["fleets"]![0]!["fleet"]!.ToString());
        await WaitForRunAsync(svc, "alpha", "webhook:github:pr-merged");

        await PostGitHubAsync(svc, "/hooks/github", GitHubPr("closed", merged: false, "gitopsfleet/drift/beta", svc.RepositoryOf("beta")));
        await WaitForRunAsync(svc, "beta", "webhook:github:pr-closed");

        foreach (var action in new[] { "opened", "synchronize", "reopened", "edited", "labeled" })
        {
            var other = await PostGitHubAsync(svc, "/hooks/github", GitHubPr(action, merged: false, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")));
            Assert.Equal(HttpStatusCode.Accepted, other.Status);
            Assert.Equal("ignored", other.Body["status"]!.ToString());
            Assert.Contains(action, other.Body["reason"]!.ToString(), StringComparison.Ordinal);
        }
        var foreign = await PostGitHubAsync(svc, "/hooks/github", GitHubPr("closed", merged: true, "feature/readme", svc.RepositoryOf("alpha")));
        Assert.Equal("ignored", foreign.Body["status"]!.ToString());
        // A drift branch's name proves nothing: from a repository that is no fleet's, it starts nothing.
        var unknown = await PostGitHubAsync(svc, "/hooks/github", GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", "https://forge.invalid/ops/fleet.git"));
        Assert.Equal("ignored", unknown.Body["status"]!.ToString());
        var bare = await PostGitHubAsync(svc, "/hooks/github", GitHubPr("closed", merged: true, "gitopsfleet/drift/", svc.RepositoryOf("alpha")));
        Assert.Equal("ignored", bare.Body["status"]!.ToString());

        await Eventually.HoldsForAsync(() => PullRequestRuns(svc).Count == 2, TimeSpan.FromMilliseconds(700), "an ignored pull request event started a run");
        Assert.Equal(["alpha:webhook:github:pr-merged", "beta:webhook:github:pr-closed"], PullRequestRuns(svc));
        var metrics = await svc.Http.GetStringAsync("/metrics");
        Assert.Equal(2, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "github"), ("result", "accepted")));
        Assert.Equal(7, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "github"), ("result", "ignored")));
        Assert.Equal(1, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "github"), ("result", "unknown_fleet")));
    }

    [Fact]
    public async Task BadSignatureOrToken_Is401_OnEveryForge_AndStartsNothing()
    {
        await using var svc = await StartAsync();
        var body = GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha"));
        var mr = GitLabMr("merge", "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha"));

        var attempts = new (string Path, byte[] Body, Dictionary<string, string> Headers)[]
        {
            ("/hooks/github", body, new() { ["X-GitHub-Event"] = "pull_request" }),
            ("/hooks/github", body, new() { ["X-GitHub-Event"] = "pull_request", ["X-Hub-Signature-256"] = WebhookSignature.GitHubHeader("wrong", body) }),
            ("/hooks/github", [.. body, (byte)' '], GitHub("pull_request", body)),
            ("/hooks/gitea", body, new() { ["X-Gitea-Event"] = "pull_request", ["X-Gitea-Signature"] = WebhookSignature.GitHubHeader("wrong", body)[7..] }),
            ("/hooks/gitea", body, new() { ["X-Gitea-Event"] = "pull_request", ["X-Hub-Signature-256"] = WebhookSignature.GitHubHeader(ServeFixture.Secret, body) }),
            ("/hooks/gitlab", mr, new() { ["X-Gitlab-Event"] = "Merge Request Hook" }),
            ("/hooks/gitlab", mr, new() { ["X-Gitlab-Event"] = "Merge Request Hook", ["X-Gitlab-Token"] = ServeFixture.GitLabToken + "x" }),
            ("/hooks/gitlab", mr, new() { ["X-Gitlab-Event"] = "Merge Request Hook", ["X-Gitlab-Token"] = ServeFixture.GitLabToken[..^1] }),
            // Each hook has its own secret: the HMAC hooks' key is not GitLab's token, and GitLab's token signs nothing.
            ("/hooks/gitlab", mr, new() { ["X-Gitlab-Event"] = "Merge Request Hook", ["X-Gitlab-Token"] = ServeFixture.Secret }),
            ("/hooks/github", body, new() { ["X-GitHub-Event"] = "pull_request", ["X-Hub-Signature-256"] = WebhookSignature.GitHubHeader(ServeFixture.GitLabToken, body) }),
            // GitLab sends the secret itself; an HMAC of the body in its place is not it.
            ("/hooks/gitlab", mr, new() { ["X-Gitlab-Event"] = "Merge Request Hook", ["X-Gitlab-Token"] = WebhookSignature.GitHubHeader(ServeFixture.GitLabToken, mr) }),
        };
        foreach (var (path, payload, headers) in attempts)
        {
            var response = await PostAsync(svc, path, payload, headers);
            Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{path} with {string.Join(", ", headers.Keys)}: {(int)response.Status} {response.Body.ToJsonString()}");
        }
        await Eventually.HoldsForAsync(() => PullRequestRuns(svc).Count == 0, TimeSpan.FromMilliseconds(700), "a refused delivery started a run");
        Assert.Empty(PullRequestRuns(svc));
        var metrics = await svc.Http.GetStringAsync("/metrics");
        Assert.Equal(5, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "gitlab"), ("result", "unauthorized")));
        Assert.Equal(2, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "gitea"), ("result", "unauthorized")));
    }

    [Fact]
    public async Task GiteaAndGitLab_MergeAndClose_StartRuns_GitLabPushToo_OtherMergeRequestActionsIgnored()
    {
        await using var svc = await StartAsync();

        var gitea = GitHubPr("closed", merged: false, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha"));
        var giteaSignature = WebhookSignature.GitHubHeader(ServeFixture.Secret, gitea)["sha256=".Length..];
        var giteaResponse = await PostAsync(svc, "/hooks/gitea", gitea, new() { ["X-Gitea-Event"] = "pull_request", ["X-Gitea-Signature"] = giteaSignature });
        Assert.Equal("accepted", giteaResponse.Body["status"]!.ToString());
        await WaitForRunAsync(svc, "alpha", "webhook:gitea:pr-closed");

        var merge = await PostAsync(svc, "/hooks/gitlab", GitLabMr("merge", "gitopsfleet/drift/beta", svc.RepositoryOf("beta")), GitLab("Merge Request Hook"));
        Assert.Equal("accepted", merge.Body["status"]!.ToString());
        await WaitForRunAsync(svc, "beta", "webhook:gitlab:pr-merged");
        await PostAsync(svc, "/hooks/gitlab", GitLabMr("close", "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")), GitLab("Merge Request Hook"));
        await WaitForRunAsync(svc, "alpha", "webhook:gitlab:pr-closed");

        foreach (var action in new[] { "open", "update", "reopen", "approved" })
        {
            var other = await PostAsync(svc, "/hooks/gitlab", GitLabMr(action, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")), GitLab("Merge Request Hook"));
            Assert.Equal(HttpStatusCode.Accepted, other.Status);
            Assert.Equal("ignored", other.Body["status"]!.ToString());
        }
        var note = await PostAsync(svc, "/hooks/gitlab", GitLabMr("merge", "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")), GitLab("Note Hook"));
        Assert.Equal("ignored", note.Body["status"]!.ToString());

        var push = Encoding.UTF8.GetBytes($$$"""{"object_kind":"push","ref":"refs/heads/main","after":"{{{new string('d', 40)}}}","project":{"git_http_url":"{{{svc.RepositoryOf("beta")}}}"}}""");
        var pushed = await PostAsync(svc, "/hooks/gitlab", push, GitLab("Push Hook"));
        Assert.Equal("beta", pushed.Body["fleets"]![0]!["fleet"]!.ToString());
        await WaitForRunAsync(svc, "beta", "webhook:gitlab");

        var garbage = await PostAsync(svc, "/hooks/gitlab", "[1,2"u8.ToArray(), GitLab("Merge Request Hook"));
        Assert.Equal(HttpStatusCode.BadRequest, garbage.Status);
        await Eventually.HoldsForAsync(() => PullRequestRuns(svc).Count == 3, TimeSpan.FromMilliseconds(700), "an ignored or malformed event started a run");
        Assert.Equal(["alpha:webhook:gitea:pr-closed", "alpha:webhook:gitlab:pr-closed", "beta:webhook:gitlab:pr-merged"], PullRequestRuns(svc).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DriftBranchOfAnotherName_MatchesTheFleetByRepository()
    {
        // fleets.yaml may serve a fleet under another name than its fleet.yaml's metadata.name, which names the branch.
        await using var svc = await StartAsync();
        var body = GitHubPr("closed", merged: true, "gitopsfleet/drift/mainnet", svc.RepositoryOf("beta") + ".git");
        var response = await PostGitHubAsync(svc, "/hooks/github", body);
        Assert.Equal("accepted", response.Body["status"]!.ToString());
        await WaitForRunAsync(svc, "beta", "webhook:github:pr-merged");

        // A branch named after one fleet, sent from another fleet's repository, runs the repository's fleet.
        var crossed = GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", svc.RepositoryOf("beta"));
        var crossedResponse = await PostGitHubAsync(svc, "/hooks/github", crossed);
        Assert.Equal("beta", Assert.Single(crossedResponse.Body["fleets"]!.AsArray())!["fleet"]!.ToString());
    }

    private static Task<InProcessService> StartAsync() =>
        InProcessService.StartAsync(Fleets, (_, _) => Task.FromResult(RunResults.Succeeded), o => o.IntervalOverride = TimeSpan.FromHours(1));

    private static List<string> PullRequestRuns(InProcessService svc) =>
        svc.Executor.Runs.Where(r => r.Trigger.Contains(":pr-", StringComparison.Ordinal)).Select(r => $"{r.Fleet}:{r.Trigger}").ToList();

    private static Task WaitForRunAsync(InProcessService svc, string fleet, string trigger) =>
        ApiJson.WaitForAsync(() => Task.FromResult(svc.Executor.Runs.Count(r => r.Fleet == fleet && r.Trigger == trigger)), n => n > 0, TimeSpan.FromSeconds(20),
            _ => $"no {trigger} run of {fleet}; runs: {string.Join(", ", svc.Executor.Runs.Select(r => r.Fleet + ":" + r.Trigger))}");

    /// <summary>The fields GitHub (and Gitea/Forgejo, which share the shape) send that the service reads, among a few it does not.</summary>
    internal static byte[] GitHubPr(string action, bool merged, string head, string cloneUrl) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["action"] = action,
        ["number"] = 7,
        ["pull_request"] = new JsonObject
        {
            ["number"] = 7,
            ["state"] = action == "closed" ? "closed" : "open",
            ["merged"] = merged,
            ["title"] = "Drift",
            ["head"] = new JsonObject { ["ref"] = head, ["sha"] = new string('e', 40) },
            ["base"] = new JsonObject { ["ref"] = "main" },
        },
        ["repository"] = new JsonObject { ["full_name"] = "ops/fleet", ["clone_url"] = cloneUrl },
    }.ToJsonString());

    internal static byte[] GitLabMr(string action, string sourceBranch, string repository) => Encoding.UTF8.GetBytes(new JsonObject
    {
        ["object_kind"] = "merge_request",
        ["event_type"] = "merge_request",
        ["project"] = new JsonObject { ["path_with_namespace"] = "ops/fleet", ["git_http_url"] = repository },
        ["object_attributes"] = new JsonObject
        {
            ["iid"] = 3,
            ["action"] = action,
            ["state"] = action switch { "merge" => "merged", "close" => "closed", _ => "opened" },
            ["source_branch"] = sourceBranch,
            ["target_branch"] = "main",
        },
    }.ToJsonString());

    private static Dictionary<string, string> GitHub(string @event, byte[] signed) => new()
    {
        ["X-GitHub-Event"] = @event,
        ["X-Hub-Signature-256"] = WebhookSignature.GitHubHeader(ServeFixture.Secret, signed),
    };

    private static Task<(HttpStatusCode Status, JsonObject Body)> PostGitHubAsync(InProcessService svc, string path, byte[] body) =>
        PostAsync(svc, path, body, GitHub("pull_request", body));

    private static Dictionary<string, string> GitLab(string @event) => new() { ["X-Gitlab-Event"] = @event, ["X-Gitlab-Token"] = ServeFixture.GitLabToken };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(InProcessService svc, string path, byte[] body, Dictionary<string, string> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        var response = await svc.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject());
    }
}
