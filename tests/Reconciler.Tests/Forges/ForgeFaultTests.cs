using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsFleet.Forges;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport.Forges;

namespace GitOpsFleet.Reconciler.Tests.Forges;

/// <summary>
/// Issue 28, item 4: a forge answering 500, 429 with Retry-After, or nothing at all, while a drift pull request is
/// published. The forge is a local Kestrel endpoint speaking Gitea's or GitHub's API, reached by the real clients
/// over real sockets, so the clock is the real one: deadlines and Retry-After are measured, not simulated.
/// </summary>
public sealed class ForgeFaultTests(Xunit.Abstractions.ITestOutputHelper log) : IAsyncLifetime
{
    private const string Head = "0123abcd";

    /// <summary>Short enough to keep the tests quick, in the same proportions as the defaults.</summary>
    private static readonly ForgeCallOptions Options = new()
    {
        CallTimeout = TimeSpan.FromSeconds(1),
        Retries = 2,
        RetryDelay = TimeSpan.FromMilliseconds(200),
        MaxRetryWait = TimeSpan.FromSeconds(5),
        PublishBudget = TimeSpan.FromSeconds(8),
    };

    private readonly TempDirectory _temp = new("ffault");
    private readonly HttpClient _http = new();
    private SqliteStateStore _store = null!;
    private FakeForgeServer? _forge;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_forge is not null) await _forge.DisposeAsync();
        await _store.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }

    private async Task<(FakeForgeServer Server, RemoteForge Forge)> StartAsync(string kind)
    {
        _forge = await FakeForgeServer.StartAsync(kind == "github" ? new FakeGitHubApi() : new FakeGiteaApi());
        _forge.Repository = "acme/fleet";
        var endpoint = new ForgeEndpoint(kind, _forge.ApiBase, _forge.Repository, _forge.Token);
        var client = ForgeClientFactory.Create(endpoint, _http, TimeProvider.System, Options);
        return (_forge, new RemoteForge(client, _store, TimeProvider.System, new ForgeRetry(Options, TimeProvider.System)));
    }

    private const string Pulls = "repos/acme/fleet/pulls";

    private static PullRequestDraft Draft(long run) =>
        new("mainnet", "gitopsfleet/drift/mainnet", "refs/heads/main", "Drift in fleet mainnet: 1 changed", "body", "f1", Head, run);

    private static FakeResponse Status(int status, string message, string? retryAfter = null) =>
        new(status, new JsonObject { ["message"] = message }, retryAfter is null ? null : new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    private async Task<(PullRequestRecord Record, TimeSpan Took)> PublishAsync(RemoteForge forge, PullRequestRecord? existing, long run)
    {
        var clock = Stopwatch.StartNew();
        var record = await forge.OpenOrUpdateAsync(existing, Draft(run), CancellationToken.None);
        return (record, clock.Elapsed);
    }

    private async Task<(ForgeSyncException Failure, TimeSpan Took)> FailToPublishAsync(RemoteForge forge)
    {
        var clock = Stopwatch.StartNew();
        var failure = await Assert.ThrowsAsync<ForgeSyncException>(() => forge.OpenOrUpdateAsync(null, Draft(1), CancellationToken.None));
        return (failure, clock.Elapsed);
    }

    private void Measured(string what, TimeSpan took) => log.WriteLine($"{what}: {took.TotalSeconds:0.00} s");

    [Theory]
    [InlineData("gitea")]
    [InlineData("github")]
    public async Task Publish_ForgeAnswers500Twice_IsRetriedWithinTheRun_AndOpensOnePullRequest(string kind)
    {
        var (server, forge) = await StartAsync(kind);
        server.FailNext("GET", Pulls, Status(500, "internal error"));
        server.FailNext("POST", Pulls, Status(502, "bad gateway"));

        var (record, took) = await PublishAsync(forge, null, 1);

        Measured($"{kind} 500 then 502", took);
        var pr = Assert.Single(server.PullRequests);
        Assert.Equal(["drift", "gitopsfleet"], pr.Labels.Order(StringComparer.Ordinal));
        Assert.Equal((Head, true), (record.HeadCommit, record.Url?.EndsWith("/1", StringComparison.Ordinal)));
        Assert.True(took < TimeSpan.FromSeconds(3), $"took {took}");
    }

    [Theory]
    [InlineData("gitea")]
    [InlineData("github")]
    public async Task Publish_429WithRetryAfter_WaitsAsLongAsTheForgeAsked_ThenOpensOnePullRequest(string kind)
    {
        var (server, forge) = await StartAsync(kind);
        server.FailNext("POST", Pulls, Status(429, "slow down", retryAfter: "2"));

        var (record, took) = await PublishAsync(forge, null, 1);

        Measured($"{kind} 429 Retry-After: 2", took);
        Assert.Single(server.PullRequests);
        Assert.Equal(Head, record.HeadCommit);
        Assert.InRange(took, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Publish_RetryAfterLongerThanARunWaits_LeavesItToTheNextRun_WithoutWaiting()
    {
        var (server, forge) = await StartAsync("gitea");
        server.FailNext("POST", Pulls, Status(429, "slow down", retryAfter: "3600"));

        var (failure, took) = await FailToPublishAsync(forge);

        Measured("429 Retry-After: 3600", took);
        Assert.True(took < TimeSpan.FromSeconds(1), $"took {took}");
        Assert.Equal((ForgeErrorKind.RateLimited, true, TimeSpan.FromHours(1)), (failure.Reason, failure.Retryable, failure.RetryAfter));
        var kept = await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Null(kept.HeadCommit);
        Assert.Empty(server.PullRequests);

        // The next run publishes it, once.
        var (record, _) = await PublishAsync(forge, kept, 2);
        Assert.Single(server.PullRequests);
        Assert.Equal((kept.Id, Head), (record.Id, record.HeadCommit));
    }

    [Theory]
    [InlineData("gitea")]
    [InlineData("github")]
    public async Task Publish_ForgeHangsAfterCreating_TheRetryFindsThePullRequest_NothingIsOpenedTwice(string kind)
    {
        var (server, forge) = await StartAsync(kind);
        server.StallAfterNext("POST", Pulls, TimeSpan.FromSeconds(30));

        var (record, took) = await PublishAsync(forge, null, 1);

        Measured($"{kind} hang after create", took);
        var pr = Assert.Single(server.PullRequests);
        Assert.Equal(1, server.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.EndsWith("/pulls", StringComparison.Ordinal)));
        Assert.True(pr.Updates >= 1, "the retry did not update the pull request it found");
        Assert.Equal(["drift", "gitopsfleet"], pr.Labels.Order(StringComparer.Ordinal));
        Assert.Equal(Head, record.HeadCommit);
        Assert.InRange(took, Options.CallTimeout, Options.CallTimeout + TimeSpan.FromSeconds(2));
    }

    [Theory]
    [InlineData("gitea")]
    [InlineData("github")]
    public async Task Publish_ForgeNeverAnswers_GivesUpWithinTheBudget_KeepsTheReport_AndPublishesOnceItAnswers(string kind)
    {
        var (server, forge) = await StartAsync(kind);
        server.StallEvery = TimeSpan.FromMinutes(5);

        var (failure, took) = await FailToPublishAsync(forge);

        Measured($"{kind} never answers", took);
        Assert.True(failure.Retryable, failure.Message);
        Assert.Contains($"did not answer within 1 s", failure.Message, StringComparison.Ordinal);
        Assert.True(took < Options.PublishBudget + TimeSpan.FromSeconds(1), $"took {took}");
        var kept = await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Null(kept.HeadCommit);
        Assert.Empty(server.PullRequests);

        server.StallEvery = null;
        var (record, _) = await PublishAsync(forge, kept, 2);
        Assert.Single(server.PullRequests);
        Assert.Equal((kept.Id, Head), (record.Id, record.HeadCommit));
    }
}
