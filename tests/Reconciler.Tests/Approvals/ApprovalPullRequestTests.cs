using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport.Forges;

namespace GitOpsFleet.Reconciler.Tests.Approvals;

/// <summary>
/// The forge channel in real runs: the real gitopsfleet program, a real git repository, the local provider's node
/// processes, and a GitHub API on local Kestrel where the test writes the comments a person would.
/// </summary>
public sealed class ApprovalPullRequestTests(Xunit.Abstractions.ITestOutputHelper log) : FleetTestBase, IAsyncLifetime
{
    private const string TokenVariable = "GOF_TEST_GH_TOKEN";
    private FakeForgeServer _github = null!;

    private string Branch => $"gitopsfleet/approval/{_fleet}";

    public async Task InitializeAsync()
    {
        _github = await FakeForgeServer.StartAsync(new FakeGitHubApi());
        _github.Repository = "ops/fleet";
        _github.Token = "ghp_" + Guid.NewGuid().ToString("N");
        _repo.Write("fleet.yaml", $"""
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: {_fleet}
            spec:
              reconcile: {"{"}interval: 1m, mode: manual, prune: true, allowEmpty: false, maxParallel: 4{"}"}
              drift: {"{"}action: pull-request{"}"}
              approvals: {"{"}required: 1, approvers: [alice]{"}"}
              forge:
                kind: github
                url: "{_github.ApiBase}"
                repository: ops/fleet
                tokenEnv: {TokenVariable}
            """).Commit("manual, approved on github");
    }

    public async Task DisposeAsync() => await _github.DisposeAsync();

    [Fact]
    public async Task ManualPlan_IsPostedOnce_OnlyAListedApproversComment_ApprovesIt_AndTheNextRunAppliesExactlyThatPlan()
    {
        var first = await ReconcileAsync();
        Assert.Contains("waiting-approval", first.All, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
        var waiting = await LatestRunAsync();
        var fingerprint = waiting["approval"]!["fingerprint"]!.ToString();
        var pr = Assert.Single(_github.PullRequests);
        Assert.Equal((Branch, "main", "open"), (pr.Head, pr.Base, pr.State));
        Assert.Contains(fingerprint, pr.Body, StringComparison.Ordinal);
        Assert.Contains(fingerprint, Assert.Single(pr.Comments), StringComparison.Ordinal);
        Assert.Contains(fingerprint, _repo.ReadOnBranch(Branch, $"reports/approval/{_fleet}.md") ?? "", StringComparison.Ordinal);

        // Someone not listed in spec.approvals.approvers: nothing is approved, and the plan is not posted again.
        pr.AddComment("mallory", "/approve", DateTimeOffset.UtcNow);
        var second = await ReconcileAsync();
        Assert.Contains("waiting-approval", second.All, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
        Assert.Equal(2, pr.Comments.Count);
        Assert.Single(_github.PullRequests);
        Assert.Equal(fingerprint, (await LatestRunAsync())["approval"]!["fingerprint"]!.ToString());

        pr.AddComment("alice", "/approve planned maintenance", DateTimeOffset.UtcNow);
        var third = await ReconcileAsync();
        Assert.True(third.ExitCode == 0, third.ToString());
        Assert.Contains("plan approved by alice", third.Stdout, StringComparison.Ordinal);
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).Count == 3);
        var applied = await LatestRunAsync();
        Assert.Equal(("succeeded", "approved", fingerprint), (applied["result"]!.ToString(), applied["approval"]!["status"]!.ToString(), applied["approval"]!["fingerprint"]!.ToString()));
        Assert.Equal(["alice"], applied["approval"]!["approvedBy"]!.AsArray().Select(a => a!.ToString()));
        Assert.Equal("closed", pr.State);

        // Applied and closed: later runs post nothing and open nothing.
        var comments = pr.Comments.Count;
        var fourth = await ReconcileAsync();
        Assert.True(fourth.ExitCode == 0, fourth.ToString());
        Assert.Single(_github.PullRequests);
        Assert.Equal(comments, pr.Comments.Count);
        Assert.All(_github.PullRequests, p => Assert.DoesNotContain(_github.Token, p.Body + string.Join("\n", p.Comments), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RejectComment_ClosesThePullRequest_AndTheRejectedPlanIsNotPostedAgain()
    {
        await ReconcileAsync();
        var pr = Assert.Single(_github.PullRequests);
        pr.AddComment("alice", "/reject not this week", DateTimeOffset.UtcNow);

        var rejected = await ReconcileAsync();
        Assert.Contains("rejected by alice", rejected.All, StringComparison.Ordinal);
        Assert.Equal("closed", pr.State);
        var comments = pr.Comments.Count;

        await ReconcileAsync();
        Assert.Single(_github.PullRequests);
        Assert.Equal(comments, pr.Comments.Count);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
    }

    [Fact]
    public async Task ChangedPlan_ClosesThePullRequestOfTheLapsedPlan_AndPostsTheNewPlanOnANewOne_WhereOldAnswersDoNotCount()
    {
        await ReconcileAsync();
        var first = Assert.Single(_github.PullRequests);
        var before = (await LatestRunAsync())["approval"]!["fingerprint"]!.ToString();

        _repo.Write("pools/ipfs.yaml", PoolYaml("ipfs", "kubo", "0.38.1", 1)).Commit("kubo 0.38.1");
        var changed = await ReconcileAsync();
        Assert.Contains("waiting-approval", changed.All, StringComparison.Ordinal);
        var after = (await LatestRunAsync())["approval"]!["fingerprint"]!.ToString();
        Assert.NotEqual(before, after);
        Assert.Equal("closed", first.State);
        Assert.Contains("lapsed", first.Comments[^1], StringComparison.Ordinal);
        Assert.Equal(2, _github.PullRequests.Count);
        var second = _github.PullRequests[1];
        Assert.Equal((Branch, "open"), (second.Head, second.State));
        Assert.Contains(after, Assert.Single(second.Comments), StringComparison.Ordinal);

        // An answer left on the closed pull request is an answer to the old plan: it applies nothing.
        first.AddComment("alice", "/approve", DateTimeOffset.UtcNow);
        var still = await ReconcileAsync();
        Assert.Contains("waiting-approval", still.All, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
        Assert.Equal(2, _github.PullRequests.Count);
    }

    private async Task<CliResult> ReconcileAsync()
    {
        var result = await _cli.RunWithAsync(new Dictionary<string, string> { [TokenVariable] = _github.Token }, "reconcile", "--once", "--repo", _repo.Path);
        log.WriteLine($"$ gitopsfleet reconcile --once\n{result}");
        return result;
    }
}
