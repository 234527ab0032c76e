using GitOpsFleet.Reconciler.Tests.Service.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Webhooks;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// The webhooks' edges on the real host: proof before body, size and time limits on the body, the fleet chosen
/// from signed data only, one secret per hook kind, and replayed deliveries.
/// </summary>
public sealed class WebhookEndpointsTests
{
    private static readonly string[] Fleets = ["alpha", "beta"];

    [Fact]
    public async Task OversizedSignedBody_Is413_WithAContentLengthOrChunked_AndLogsNoError()
    {
        var logs = new RecordingLoggerProvider();
        await using var svc = await StartAsync(logs: logs);
        var body = new byte[6 * 1024 * 1024];
        var signature = WebhookSignature.GitHubHeader(ServeFixture.Secret, body);

        // Expect: 100-continue lets the client hear the 413 before it sends the body; the service never asks for it.
        var declared = await PostAsync(svc, "/hooks/github", new ByteArrayContent(body), Signed("push", signature), expectContinue: true);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.Status);
        Assert.Equal("Payload too large", declared.Body["title"]!.ToString());

        // Without a Content-Length the limit is found while reading, and the read stops there; the service answers
        // 413 and closes the connection, which the client may notice before it reads the answer.
        try
        {
            var chunked = await PostAsync(svc, "/hooks/github", new StreamContent(new MemoryStream(body)), Signed("push", signature), expectContinue: true);
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, chunked.Status);
        }
        catch (HttpRequestException)
        {
        }
        var metrics = await svc.Http.GetStringAsync("/metrics");
        Assert.Equal(2, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "github"), ("result", "too_large")));
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error || e.Exception is not null);
        Assert.Contains(logs.Entries, e => e.Id.Id == ServiceEventIds.WebhookBodyRefused && e.Level == LogLevel.Warning);
        Assert.Empty(WebhookRuns(svc));
    }

    [Fact]
    public async Task UnsignedBody_Is401_OnEveryHook_AndStartsNothing()
    {
        await using var svc = await StartAsync();
        var push = PushBody(svc.RepositoryOf("alpha"));
        foreach (var hook in new[] { "github", "gitea", "gitlab", "generic" })
        {
            var response = await PostAsync(svc, "/hooks/" + hook, new ByteArrayContent(push), new() { ["X-GitHub-Event"] = "push", ["X-Gitea-Event"] = "push", ["X-Gitlab-Event"] = "Push Hook" });
            Assert.True(response.Status == HttpStatusCode.Unauthorized, $"{hook}: {(int)response.Status} {response.Body.ToJsonString()}");
        }
        await Eventually.HoldsForAsync(() => WebhookRuns(svc).Count == 0, TimeSpan.FromMilliseconds(500), "a refused or ignored delivery started a run");
        Assert.Empty(WebhookRuns(svc));
    }

    [Fact]
    public async Task HookWithoutASecret_RefusesEveryDelivery_EvenOneSignedWithAnEmptyKey()
    {
        // Only GitLab has a token here; the HMAC hooks have no key, and must not take an empty one for a key.
        await using var svc = await StartAsync(o => o.WebhookSecretFile = null);
        var push = PushBody(svc.RepositoryOf("alpha"));
        var emptyKey = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Array.Empty<byte>(), push));
        var response = await PostAsync(svc, "/hooks/github", new ByteArrayContent(push), Signed("push", emptyKey));
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Contains("Webhooks:GitHubSecretFile", response.Body["detail"]!.ToString(), StringComparison.Ordinal);

        var gitlab = await PostAsync(svc, "/hooks/gitlab", new ByteArrayContent(push), new() { ["X-Gitlab-Event"] = "Push Hook", ["X-Gitlab-Token"] = ServeFixture.GitLabToken });
        Assert.Equal(HttpStatusCode.Accepted, gitlab.Status);
    }

    [Fact]
    public async Task SlowBody_Is408_WithAShortWarning_NotA500()
    {
        var logs = new RecordingLoggerProvider();
        await using var svc = await StartAsync(o =>
        {
            o.Webhooks.BodyTimeout = TimeSpan.FromSeconds(3);
            o.Webhooks.BodyGracePeriod = TimeSpan.FromSeconds(2);
        }, logs);

        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, svc.Port);
        var stream = tcp.GetStream();
        var head = "POST /hooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n"
            + "X-GitHub-Event: push\r\nX-Hub-Signature-256: sha256=" + new string('0', 64) + "\r\n\r\n{\"ref\":";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        // Then nothing more: the client stalls mid-body.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var buffer = new byte[4096];
        var n = await stream.ReadAsync(buffer, timeout.Token);
        var answer = Encoding.ASCII.GetString(buffer, 0, n);

        Assert.True(answer.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), answer + "\n" + logs.Describe());
        await ApiJson.WaitForAsync(() => Task.FromResult(logs.Entries.Count(e => e.Id.Id == ServiceEventIds.WebhookBodyRefused)), c => c > 0, TimeSpan.FromSeconds(5), _ => logs.Describe());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error || e.Exception is not null);
        var warning = Assert.Single(logs.Entries, e => e.Id.Id == ServiceEventIds.WebhookBodyRefused);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("408", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryFleet_OutsideTheSignedRepository_Is409_AndStartsNothing_InsideItNarrowsTheChoice()
    {
        await using var svc = await StartAsync();
        var alphaPush = PushBody(svc.RepositoryOf("alpha"));

        var conflict = await PostAsync(svc, "/hooks/github?fleet=beta", new ByteArrayContent(alphaPush), Signed("push", Sign(alphaPush)));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Status);
        Assert.Equal("application/problem+json", conflict.ContentType);
        Assert.Contains("beta", conflict.Body["detail"]!.ToString(), StringComparison.Ordinal);

        var pr = PullRequestWebhookTests.GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", svc.RepositoryOf("alpha"));
        var prConflict = await PostAsync(svc, "/hooks/github?fleet=beta", new ByteArrayContent(pr), Signed("pull_request", Sign(pr)));
        Assert.Equal(HttpStatusCode.Conflict, prConflict.Status);
        await Eventually.HoldsForAsync(() => WebhookRuns(svc).Count == 0, TimeSpan.FromMilliseconds(500), "a refused or ignored delivery started a run");
        Assert.Empty(WebhookRuns(svc));

        var matching = await PostAsync(svc, "/hooks/github?fleet=alpha", new ByteArrayContent(alphaPush), Signed("push", Sign(alphaPush)));
        Assert.Equal(HttpStatusCode.Accepted, matching.Status);
        Assert.Equal("alpha", Assert.Single(matching.Body["fleets"]!.AsArray())!["fleet"]!.ToString());
    }

    [Fact]
    public async Task DriftBranchPullRequest_FromAnotherRepository_IsIgnored_OnGitHubAndGitLab()
    {
        await using var svc = await StartAsync();
        var github = PullRequestWebhookTests.GitHubPr("closed", merged: true, "gitopsfleet/drift/alpha", "https://github.com/someone/fork.git");
        var ignored = await PostAsync(svc, "/hooks/github", new ByteArrayContent(github), Signed("pull_request", Sign(github)));
        Assert.Equal(HttpStatusCode.Accepted, ignored.Status);
        Assert.Equal("ignored", ignored.Body["status"]!.ToString());

        var gitlab = PullRequestWebhookTests.GitLabMr("merge", "gitopsfleet/drift/alpha", "https://gitlab.invalid/someone/fork.git");
        var gitlabIgnored = await PostAsync(svc, "/hooks/gitlab", new ByteArrayContent(gitlab), new() { ["X-Gitlab-Event"] = "Merge Request Hook", ["X-Gitlab-Token"] = ServeFixture.GitLabToken });
        Assert.Equal("ignored", gitlabIgnored.Body["status"]!.ToString());
        await Eventually.HoldsForAsync(() => WebhookRuns(svc).Count == 0, TimeSpan.FromMilliseconds(500), "a refused or ignored delivery started a run");
        Assert.Empty(WebhookRuns(svc));
    }

    [Fact]
    public async Task SameSignedDeliveryTwice_StartsOneRun_AndIsAnsweredAsADuplicate()
    {
        await using var svc = await StartAsync();
        var push = PushBody(svc.RepositoryOf("alpha"));
        var headers = Signed("push", Sign(push));
        headers["X-GitHub-Delivery"] = "72d3162e-cc78-11e3-81ab-4c9367dc0958";

        var first = await PostAsync(svc, "/hooks/github", new ByteArrayContent(push), headers);
        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        await ApiJson.WaitForAsync(() => Task.FromResult(WebhookRuns(svc).Count), n => n > 0, TimeSpan.FromSeconds(20), n => $"{n} runs");

        var replay = await PostAsync(svc, "/hooks/github", new ByteArrayContent(push), headers);
        Assert.Equal(HttpStatusCode.OK, replay.Status);
        Assert.Equal("duplicate", replay.Body["status"]!.ToString());

        // The same id on another hook is another delivery.
        var generic = """{"fleet":"beta"}"""u8.ToArray();
        var other = await PostAsync(svc, "/hooks/generic", new ByteArrayContent(generic),
            new() { ["X-Hub-Signature-256"] = Sign(generic), ["Idempotency-Key"] = headers["X-GitHub-Delivery"] });
        Assert.Equal(HttpStatusCode.Accepted, other.Status);
        await ApiJson.WaitForAsync(() => Task.FromResult(WebhookRuns(svc).Count), n => n > 1, TimeSpan.FromSeconds(20), n => $"{n} runs");

        await Eventually.HoldsForAsync(() => WebhookRuns(svc).Count == 2, TimeSpan.FromMilliseconds(700), "the replayed delivery started another run");
        Assert.Equal(["alpha:webhook:github", "beta:webhook:generic"], WebhookRuns(svc).Order(StringComparer.Ordinal));
    }

    internal static Task<InProcessService> StartAsync(Action<ServiceOptions>? configure = null, RecordingLoggerProvider? logs = null) =>
        InProcessService.StartAsync(Fleets, (_, _) => Task.FromResult(RunResults.Succeeded), o =>
        {
            o.IntervalOverride = TimeSpan.FromHours(1);
            configure?.Invoke(o);
        }, logs: logs);

    /// <summary>The runs webhooks started (the schedule starts a first run of each fleet too).</summary>
    private static List<string> WebhookRuns(InProcessService svc) =>
        svc.Executor.Runs.Where(r => r.Trigger.StartsWith("webhook", StringComparison.Ordinal)).Select(r => $"{r.Fleet}:{r.Trigger}").ToList();

    internal static byte[] PushBody(string repository) =>
        Encoding.UTF8.GetBytes(new JsonObject { ["ref"] = "refs/heads/main", ["after"] = new string('a', 40), ["repository"] = new JsonObject { ["clone_url"] = repository } }.ToJsonString());

    internal static string Sign(byte[] body) => WebhookSignature.GitHubHeader(ServeFixture.Secret, body);

    private static Dictionary<string, string> Signed(string @event, string signature) => new() { ["X-GitHub-Event"] = @event, ["X-Hub-Signature-256"] = signature };

    internal static async Task<(HttpStatusCode Status, JsonObject Body, string? ContentType)> PostAsync(InProcessService svc, string path, HttpContent content, Dictionary<string, string> headers, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await svc.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text)!.AsObject(), response.Content.Headers.ContentType?.MediaType);
    }
}
