using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Service.Webhooks;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Runs started by webhooks are in the audit log, naming the forge user the signed payload names and the hook it came through.</summary>
public sealed class WebhookAuditTests
{
    private static byte[] With(byte[] body, string name, JsonNode value)
    {
        var o = JsonNode.Parse(body)!.AsObject();
        o[name] = value;
        return Encoding.UTF8.GetBytes(o.ToJsonString());
    }

    private static Dictionary<string, string> GitHub(string @event, byte[] body) =>
        new() { ["X-GitHub-Event"] = @event, ["X-Hub-Signature-256"] = WebhookEndpointsTests.Sign(body) };

    private static async Task<AuditRecord> OnlyWebhookEntryAsync(InProcessService svc) =>
        Assert.Single(await svc.Store.ListAuditAsync(null, 100, CancellationToken.None), a => a.Action == "run.webhook");

    [Fact]
    public async Task GitHubPush_IsAudited_WithSenderLogin_AsWho_AndTheHook_AsWhere()
    {
        await using var svc = await WebhookEndpointsTests.StartAsync();
        var push = With(WebhookEndpointsTests.PushBody(svc.RepositoryOf("alpha")), "sender", new JsonObject { ["login"] = "octocat", ["id"] = 1 });
        var headers = GitHub("push", push);
        headers["X-GitHub-Delivery"] = "d-1";

        var answer = await WebhookEndpointsTests.PostAsync(svc, "/hooks/github", new ByteArrayContent(push), headers);

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        var entry = await OnlyWebhookEntryAsync(svc);
        Assert.Equal(("octocat", "alpha", "webhook:github"), (entry.Actor, entry.Target, entry.Origin));
        Assert.StartsWith($"push to refs/heads/main at {new string('a', 40)} (delivery d-1, from 127.0.0.1)", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GiteaPush_WithoutSender_NamesThePusher()
    {
        await using var svc = await WebhookEndpointsTests.StartAsync();
        var push = With(WebhookEndpointsTests.PushBody(svc.RepositoryOf("beta")), "pusher", new JsonObject { ["login"] = "gitea-dev", ["username"] = "gitea-dev" });
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(ServeFixture.Secret), push));

        var answer = await WebhookEndpointsTests.PostAsync(svc, "/hooks/gitea", new ByteArrayContent(push), new() { ["X-Gitea-Event"] = "push", ["X-Gitea-Signature"] = signature });

        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        var entry = await OnlyWebhookEntryAsync(svc);
        Assert.Equal(("gitea-dev", "beta", "webhook:gitea"), (entry.Actor, entry.Target, entry.Origin));
    }

    [Fact]
    public async Task GitLabPushAndMergeRequest_NameTheirUsers()
    {
        await using var svc = await WebhookEndpointsTests.StartAsync();
        var push = Encoding.UTF8.GetBytes(new JsonObject
        {
            ["object_kind"] = "push",
            ["ref"] = "refs/heads/main",
            ["after"] = new string('b', 40),
            ["user_username"] = "lab-pusher",
            ["user_name"] = "Lab Pusher",
            ["project"] = new JsonObject { ["git_http_url"] = svc.RepositoryOf("alpha") },
        }.ToJsonString());
        var gitlab = (string @event) => new Dictionary<string, string> { ["X-Gitlab-Event"] = @event, ["X-Gitlab-Token"] = ServeFixture.GitLabToken };
        Assert.Equal(HttpStatusCode.Accepted, (await WebhookEndpointsTests.PostAsync(svc, "/hooks/gitlab", new ByteArrayContent(push), gitlab("Push Hook"))).Status);

        var mr = With(PullRequestWebhookTests.GitLabMr("merge", "gitopsfleet/drift/beta", svc.RepositoryOf("beta")), "user", new JsonObject { ["username"] = "lab-reviewer", ["name"] = "Lab Reviewer" });
        Assert.Equal(HttpStatusCode.Accepted, (await WebhookEndpointsTests.PostAsync(svc, "/hooks/gitlab", new ByteArrayContent(mr), gitlab("Merge Request Hook"))).Status);

        var entries = (await svc.Store.ListAuditAsync(null, 100, CancellationToken.None)).Where(a => a.Action == "run.webhook").ToList();
        Assert.Equal([("lab-pusher", "alpha", "webhook:gitlab"), ("lab-reviewer", "beta", "webhook:gitlab")], entries.Select(e => (e.Actor, e.Target!, e.Origin)));
        Assert.StartsWith("pull request from gitopsfleet/drift/beta merged", entries[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GitHubMergedDriftPullRequest_NamesWhoMergedIt()
    {
        await using var svc = await WebhookEndpointsTests.StartAsync();
        var pr = With(PullRequestWebhookTests.GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")), "sender", new JsonObject { ["login"] = "reviewer" });

        Assert.Equal(HttpStatusCode.Accepted, (await WebhookEndpointsTests.PostAsync(svc, "/hooks/github", new ByteArrayContent(pr), GitHub("pull_request", pr))).Status);

        var entry = await OnlyWebhookEntryAsync(svc);
        Assert.Equal(("reviewer", "alpha", "webhook:github"), (entry.Actor, entry.Target, entry.Origin));
    }

    [Fact]
    public async Task DeliveryThatStartsNothing_IsNotAudited()
    {
        await using var svc = await WebhookEndpointsTests.StartAsync();
        var elsewhere = With(WebhookEndpointsTests.PushBody("https://github.com/someone/other.git"), "sender", new JsonObject { ["login"] = "octocat" });
        var opened = With(PullRequestWebhookTests.GitHubPr("opened", merged: false, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha")), "sender", new JsonObject { ["login"] = "octocat" });

        await WebhookEndpointsTests.PostAsync(svc, "/hooks/github", new ByteArrayContent(elsewhere), GitHub("push", elsewhere));
        await WebhookEndpointsTests.PostAsync(svc, "/hooks/github", new ByteArrayContent(opened), GitHub("pull_request", opened));

        Assert.DoesNotContain(await svc.Store.ListAuditAsync(null, 100, CancellationToken.None), a => a.Action == "run.webhook");
    }

    [Theory]
    [InlineData(null, "unknown forge user")]
    [InlineData("  ", "unknown forge user")]
    [InlineData("evil\nrun.request by admin", "evilrun.request by admin")]
    public void WebhookActor_IsCleanedText(string? sender, string expected) => Assert.Equal(expected, WebhookEndpoints.WebhookActor(sender));
}
