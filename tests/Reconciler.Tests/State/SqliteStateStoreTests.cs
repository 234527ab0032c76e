using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.State;

public sealed class SqliteStateStoreTests : IDisposable
{
    private readonly TempDirectory _temp = new("state");

    [Fact]
    public async Task Runs_AreRecordedAndListedNewestFirst_WithTheirDocument()
    {
        await using var store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);
        var t0 = DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var a = await store.StartRunAsync("repo", "repo", "cli", t0, CancellationToken.None);
        await store.FinishRunAsync(new RunRecord(a, "mainnet", "repo", "abc", "cli", t0, t0.AddSeconds(2), "succeeded", "1 to create", new JsonObject { ["x"] = 1 }), CancellationToken.None);
        var b = await store.StartRunAsync("repo", "repo", "cli", t0.AddMinutes(1), CancellationToken.None);
        await store.FinishRunAsync(new RunRecord(b, "other", "repo", "def", "cli", t0.AddMinutes(1), t0.AddMinutes(1), "invalid", "2 problems", new JsonObject()), CancellationToken.None);

        var all = await store.ListRunsAsync(null, null, 10, 0, CancellationToken.None);
        Assert.Equal([b, a], all.Select(r => r.Id));
        Assert.Equal([a], (await store.ListRunsAsync("mainnet", null, 10, 0, CancellationToken.None)).Select(r => r.Id));
        Assert.Equal([b], (await store.ListRunsAsync(null, "invalid", 10, 0, CancellationToken.None)).Select(r => r.Id));
        var shown = await store.GetRunAsync(a, CancellationToken.None);
        Assert.Equal(1, shown!.Document["x"]!.GetValue<int>());
        Assert.Equal(TimeSpan.FromSeconds(2), shown.Duration);
    }

    [Fact]
    public async Task Migrations_RunOnceAndSurviveReopen()
    {
        var path = _temp.Combine("state.db");
        await using (var store = await SqliteStateStore.OpenAsync(path, CancellationToken.None))
        {
            await store.SetAppliedAsync("f", "n-0", new NodeSpecRecord("geth", "1", null, "s", 1, new Dictionary<string, string>()), 1, CancellationToken.None);
        }
        await using var again = await SqliteStateStore.OpenAsync(path, CancellationToken.None);
        Assert.Equal(1, again.SchemaVersion);
        var applied = await again.GetAppliedAsync("f", CancellationToken.None);
        Assert.Equal("1", applied["n-0"].Version);
        await again.SetAppliedAsync("f", "n-0", null, 2, CancellationToken.None);
        Assert.Empty(await again.GetAppliedAsync("f", CancellationToken.None));
    }

    [Fact]
    public async Task PullRequests_OneOpenPerFleet_UpdatedInPlace()
    {
        await using var store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var pr = await store.SavePullRequestAsync(new PullRequestRecord(0, "f", "local", "gitopsfleet/drift/f", "main", "t", "b", PullRequestState.Open, "fp1", "h1", 1, now, now, null, null), CancellationToken.None);
        Assert.NotEqual(0, pr.Id);
        await store.SavePullRequestAsync(pr with { Title = "t2", Fingerprint = "fp2" }, CancellationToken.None);
        var open = await store.GetOpenPullRequestAsync("f", CancellationToken.None);
        Assert.Equal((pr.Id, "t2", "fp2"), (open!.Id, open.Title, open.Fingerprint));
        await store.SavePullRequestAsync(open with { State = PullRequestState.Closed, ClosedAt = now }, CancellationToken.None);
        Assert.Null(await store.GetOpenPullRequestAsync("f", CancellationToken.None));
        Assert.Single(await store.ListPullRequestsAsync("f", PullRequestState.Closed, CancellationToken.None));
    }

    public void Dispose() => _temp.Dispose();
}
