using GitOpsFleet.Forges;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Forges;

/// <summary>The remote forge adapter: mirrored into a real SQLite state store, and never losing a report when the forge fails.</summary>
public sealed class RemoteForgeTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("rforge");
    private readonly ManualTime _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly InMemoryForgeClient _client = new();
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>Without retries within a run: these tests are about what the store keeps; ForgeFaultTests retry against a real endpoint.</summary>
    private RemoteForge Forge() => new(_client, _store, _time, new ForgeRetry(ForgeCallOptions.Default with { Retries = 0 }, _time));

    private static PullRequestDraft Draft(string fingerprint, long run, string head = "abc123") =>
        new("mainnet", "gitopsfleet/drift/mainnet", "refs/heads/main", "Drift in fleet mainnet: 1 changed", "body " + fingerprint, fingerprint, head, run);

    [Fact]
    public async Task OpenOrUpdate_OpensOnTheForge_LabelsIt_AndMirrorsItInTheStore()
    {
        var record = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);

        var item = Assert.Single(_client.Items);
        Assert.Equal("main", item.Pr.BaseBranch);
        Assert.Equal(["gitopsfleet", "drift"], item.Labels);
        Assert.Equal(item.Pr.Url, record.Url);
        Assert.Equal("abc123", record.HeadCommit);
        Assert.Equal("github", record.Forge);
        Assert.Equal(record, await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None));
    }

    [Fact]
    public async Task OpenOrUpdate_AfterARestart_UpdatesTheSamePullRequest()
    {
        var first = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);
        // A new adapter (restart, other replica) over the same store and forge.
        var second = await Forge().OpenOrUpdateAsync(first, Draft("f2", 2), CancellationToken.None);

        Assert.Single(_client.Items);
        Assert.Equal("body f2", _client.Items[0].Body);
        Assert.Equal(first.Id, second.Id);
        Assert.Equal(first.Url, second.Url);
        Assert.Equal("f2", second.Fingerprint);
    }

    [Theory]
    [InlineData(ForgeErrorKind.Unavailable)]
    [InlineData(ForgeErrorKind.RateLimited)]
    [InlineData(ForgeErrorKind.Unauthorized)]
    public async Task OpenOrUpdate_WhenTheForgeFails_KeepsTheReportInTheStore_AndPublishesWhenItAnswersAgain(ForgeErrorKind kind)
    {
        _client.Fault = new ForgeException(kind, $"github said {kind}", kind == ForgeErrorKind.Unauthorized ? 401 : 503, kind == ForgeErrorKind.RateLimited ? TimeSpan.FromSeconds(30) : null);

        var failed = await Assert.ThrowsAsync<ForgeSyncException>(() => Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None));

        Assert.Equal(kind, failed.Reason);
        Assert.Equal(kind != ForgeErrorKind.Unauthorized, failed.Retryable);
        var kept = await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None);
        Assert.NotNull(kept);
        Assert.Equal("body f1", kept.Body);
        // HeadCommit null is what makes the pipeline publish again next run.
        Assert.Null(kept.HeadCommit);
        Assert.Null(kept.Url);
        Assert.Equal(kept, failed.Record);

        _client.Fault = null;
        var synced = await Forge().OpenOrUpdateAsync(kept, Draft("f1", 2), CancellationToken.None);

        Assert.Equal(kept.Id, synced.Id);
        Assert.Single(_client.Items);
        Assert.Equal("abc123", synced.HeadCommit);
        Assert.NotNull(synced.Url);
    }

    [Fact]
    public async Task Close_CommentsAndClosesOnTheForge_AndInTheStore()
    {
        var open = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);

        var closed = await Forge().CloseAsync(open, "Drift is gone as of run 3; closing.", CancellationToken.None);

        Assert.Equal(PullRequestState.Closed, closed.State);
        Assert.Equal(ForgePullRequestState.Closed, _client.Items[0].Pr.State);
        Assert.Equal(["Drift is gone as of run 3; closing."], _client.Items[0].Comments);
        Assert.Null(await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None));
    }

    [Fact]
    public async Task Close_WhenTheForgeIsDown_LeavesItOpenInTheStoreForTheNextRun()
    {
        var open = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);
        _client.Fault = new ForgeException(ForgeErrorKind.Unavailable, "down");

        await Assert.ThrowsAsync<ForgeSyncException>(() => Forge().CloseAsync(open, "bye", CancellationToken.None));

        Assert.Equal(open.Id, (await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task Refresh_SeesAMergeOnTheForge_AndRecordsIt()
    {
        var open = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);
        _client.Merge(1);

        var refreshed = await Forge().RefreshAsync(open, CancellationToken.None);

        Assert.Equal(PullRequestState.Merged, refreshed.State);
        Assert.NotNull(refreshed.ClosedAt);
        Assert.Null(await _store.GetOpenPullRequestAsync("mainnet", CancellationToken.None));
        Assert.Equal(PullRequestState.Merged, (await _store.GetLatestPullRequestAsync("mainnet", CancellationToken.None))?.State);
    }

    [Fact]
    public async Task Refresh_SeesAClosureWithoutMerge_AndKeepsTheFingerprint()
    {
        var open = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);
        _client.Close(1);

        var refreshed = await Forge().RefreshAsync(open, CancellationToken.None);

        Assert.Equal(PullRequestState.Closed, refreshed.State);
        var latest = await _store.GetLatestPullRequestAsync("mainnet", CancellationToken.None);
        // The pipeline compares this fingerprint to the next report's so the same drift is not reopened.
        Assert.Equal("f1", latest?.Fingerprint);
    }

    [Fact]
    public async Task Refresh_OfAStillOpenPullRequest_ChangesNothing()
    {
        var open = await Forge().OpenOrUpdateAsync(null, Draft("f1", 1), CancellationToken.None);

        Assert.Equal(open, await Forge().RefreshAsync(open, CancellationToken.None));
    }

    [Theory]
    [InlineData("https://github.com/acme/fleet/pull/17", 17L)]
    [InlineData("https://gitea.example/acme/fleet/pulls/4", 4L)]
    [InlineData("https://gitlab.example/g/sub/fleet/-/merge_requests/230", 230L)]
    [InlineData(null, null)]
    public void NumberOf_ReadsTheForgesNumberFromItsAddress(string? url, long? expected)
    {
        var record = new PullRequestRecord(1, "f", "github", "b", "main", "t", "", PullRequestState.Open, "x", null, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, url);
        Assert.Equal(expected, RemoteForge.NumberOf(record));
    }
}
