using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport.Forges;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Tests.Forges;

/// <summary>
/// The drift pull request's whole life on a remote forge, through the real gitopsfleet program: a GitHub API
/// (the fake on local Kestrel, spoken to by the real Octokit client), a real git repository and a real local node.
/// </summary>
public sealed partial class RemoteForgeLifecycleTests(Xunit.Abstractions.ITestOutputHelper log) : IAsyncLifetime
{
    private const string TokenVariable = "GOF_TEST_GH_TOKEN";

    private readonly TempDirectory _temp = new("rfl");
    private readonly string _fleet = "r" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<CliResult> _outputs = [];
    private FakeForgeServer _github = null!;
    private CliRunner _cli = null!;
    private FleetRepository _repo = null!;

    private string Branch => $"gitopsfleet/drift/{_fleet}";

    public async Task InitializeAsync()
    {
        _github = await FakeForgeServer.StartAsync(new FakeGitHubApi());
        _github.Repository = "ops/fleet";
        _github.Token = "ghp_" + Guid.NewGuid().ToString("N");
        _cli = new CliRunner(_temp.Combine("home"));
        _repo = new FleetRepository(_temp.Combine("fleet-repo"));
        _repo.Write("fleet.yaml", $"""
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: {_fleet}
            spec:
              reconcile: {"{"}interval: 1m, mode: auto, prune: true, allowEmpty: false, maxParallel: 4{"}"}
              drift: {"{"}action: pull-request{"}"}
              forge:
                kind: github
                url: "{_github.ApiBase}"
                repository: ops/fleet
                tokenEnv: {TokenVariable}
            """)
            .Write("pools/ipfs.yaml", IpfsPool("0.38.2"));
        _repo.Commit("one ipfs pool on github");
    }

    public async Task DisposeAsync()
    {
        NodeProcesses.KillFleet(_fleet);
        await _github.DisposeAsync();
        _temp.Dispose();
    }

    /// <summary>Block style with comments, so that an edit that re-serializes the file would show.</summary>
    private static string IpfsPool(string version) => $"""
        # IPFS gateways: one kubo node.
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: ipfs
          labels: {"{"}role: ipfs{"}"}
        spec:
          provider: local
          machine: {"{"}size: local-small{"}"}
          software:
            name: kubo
            version: {version}   # pinned after review
          replicas: {"{"}min: 1, max: 3{"}"}
          storage: {"{"}sizeGiB: 10, encrypted: true{"}"}
        """;

    [Fact]
    public async Task VersionChangedByHand_OpensOnePullRequestOnGitHub_EditingOnlyThatValue_AndUpdatesItInPlace()
    {
        await ReconcileAsync();
        await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");

        var drift = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(drift.ExitCode == 2, drift.ToString());
        var pr = Assert.Single(_github.PullRequests);
        Assert.Equal((Branch, "main", "open"), (pr.Head, pr.Base, pr.State));
        Assert.Equal(["drift", "gitopsfleet"], pr.Labels.Order(StringComparer.Ordinal));
        Assert.Contains("ipfs-0", pr.Body, StringComparison.Ordinal);
        Assert.Contains("0.38.1", pr.Body, StringComparison.Ordinal);
        Assert.Equal(IpfsPool("0.38.1"), _repo.ReadOnBranch(Branch, "pools/ipfs.yaml"));
        Assert.Contains("0.38.1", _repo.ReadOnBranch(Branch, $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);
        var json = JsonNode.Parse(_repo.ReadOnBranch(Branch, $"reports/drift/{_fleet}.json")!)!;
        Assert.Contains("ipfs-0", json.ToJsonString(), StringComparison.Ordinal);

        // The same drift again: the pull request already shows it.
        var again = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(again.ExitCode == 2, again.ToString());
        Assert.Single(_github.PullRequests);

        // A changed drift updates the same pull request in place, and the branch follows it.
        await RestartByHandAsync("ipfs-0", "0.38.1", "0.38.0");
        var changed = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(changed.ExitCode == 2, changed.ToString());
        var updated = Assert.Single(_github.PullRequests);
        Assert.Same(pr, updated);
        Assert.Equal("open", updated.State);
        Assert.True(updated.Updates >= 1, "the pull request was not updated");
        Assert.Contains("0.38.0", updated.Body, StringComparison.Ordinal);
        Assert.Equal(IpfsPool("0.38.0"), _repo.ReadOnBranch(Branch, "pools/ipfs.yaml"));
        AssertTokenNeverShown();
    }

    [Fact]
    public async Task MergedOnGitHub_PlanIsZero_TheNodeIsLeftAlone_AndTheRunRecordsTheMerge()
    {
        await ReconcileAsync();
        var pid = await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");
        Assert.Equal(2, (await RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        var pr = Assert.Single(_github.PullRequests);

        // What GitHub does on merge: the branch lands on main and the pull request is closed as merged.
        MergeIntoMain(Branch);
        lock (_github.Sync)
        {
            pr.State = "closed";
            pr.Merged = true;
        }

        var plan = await RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var reconcile = await RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(reconcile.ExitCode == 0, reconcile.ToString());
        var node = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "ipfs-0");
        Assert.Equal(pid, node.Pid);
        Assert.Contains("--version 0.38.1", node.CommandLine, StringComparison.Ordinal);

        var run = await RunAsync("runs", "show", RunId(reconcile), "--json");
        Assert.Equal("merged", JsonNode.Parse(run.Stdout)!["pullRequestReview"]?["state"]?.GetValue<string>());
        var prs = await RunAsync("prs", "list", "--fleet", _fleet);
        Assert.Matches(new Regex(@"\bmerged\b.*" + Regex.Escape(Branch)), prs.Stdout);
        Assert.Single(_github.PullRequests);
        Assert.Empty(pr.Comments);
        AssertTokenNeverShown();
    }

    [Fact]
    public async Task ClosedOnGitHubWithoutMerge_RestoresGitOnTheNode_OpensNoNewPullRequest_UntilAnotherDrift()
    {
        await ReconcileAsync();
        var pid = await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");
        Assert.Equal(2, (await RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        var pr = Assert.Single(_github.PullRequests);
        lock (_github.Sync) pr.State = "closed";

        var heal = await RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        var node = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "ipfs-0");
        Assert.NotEqual(pid, node.Pid);
        Assert.Contains("--version 0.38.2", node.CommandLine, StringComparison.Ordinal);
        Assert.DoesNotContain("0.38.1", node.CommandLine, StringComparison.Ordinal);

        var drift = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(drift.ExitCode == 0, drift.ToString());
        Assert.Single(_github.PullRequests);
        Assert.Equal(("closed", false), (pr.State, pr.Merged));

        // Another drift (another fingerprint) is a new question for the reviewers: a new pull request.
        await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.0");
        var other = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(other.ExitCode == 2, other.ToString());
        Assert.Equal(2, _github.PullRequests.Count);
        var second = _github.PullRequests[1];
        Assert.Equal((Branch, "open"), (second.Head, second.State));
        Assert.Contains("0.38.0", second.Body, StringComparison.Ordinal);
        Assert.Equal("closed", pr.State);
        AssertTokenNeverShown();
    }

    [Fact]
    public async Task GitHubDown_DriftIsStillReportedAndKept_ThePullRequestIsOpenedWhenItIsBack()
    {
        await ReconcileAsync();
        await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");
        await _github.StopAsync();

        var down = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(down.ExitCode == 2, down.ToString());
        Assert.Contains("unavailable, will retry", down.All, StringComparison.Ordinal);
        var kept = await RunAsync("prs", "list", "--fleet", _fleet, "--body");
        Assert.Matches(new Regex(@"\bopen\b.*" + Regex.Escape(Branch)), kept.Stdout);
        Assert.Contains("0.38.1", kept.Stdout, StringComparison.Ordinal);

        await _github.ResumeAsync();
        Assert.Empty(_github.PullRequests);
        var back = await RunAsync("drift", "--repo", _repo.Path);
        Assert.True(back.ExitCode == 2, back.ToString());
        var pr = Assert.Single(_github.PullRequests);
        Assert.Equal((Branch, "main", "open"), (pr.Head, pr.Base, pr.State));
        Assert.Contains("0.38.1", pr.Body, StringComparison.Ordinal);
        Assert.Equal(["drift", "gitopsfleet"], pr.Labels.Order(StringComparer.Ordinal));

        // Once the forge has it, the next run does not open a twin.
        Assert.Equal(2, (await RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        Assert.Single(_github.PullRequests);
        AssertTokenNeverShown();
    }

    [Fact]
    public async Task GitHubHangs_TheDriftRunEndsWithinTheForgeBudget_AndALaterRunOpensThePullRequestOnce()
    {
        await ReconcileAsync();
        await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");
        _github.StallEvery = TimeSpan.FromMinutes(5);
        // The Forge section from the environment, as an operator would set it: a 1 s deadline, a 4 s budget.
        var forge = new Dictionary<string, string> { ["GITOPSFLEET__Forge__CallTimeout"] = "00:00:01", ["GITOPSFLEET__Forge__PublishBudget"] = "00:00:04" };

        var clock = Stopwatch.StartNew();
        var hung = await RunAsync(forge, "drift", "--repo", _repo.Path);
        var took = clock.Elapsed;

        log.WriteLine($"drift run against a hung forge: {took.TotalSeconds:0.0} s");
        Assert.True(hung.ExitCode == 2, hung.ToString());
        Assert.Contains("unavailable, will retry", hung.All, StringComparison.Ordinal);
        Assert.Contains("did not answer within 1 s", hung.All, StringComparison.Ordinal);
        Assert.True(took < TimeSpan.FromSeconds(30), $"the run was held {took}");
        Assert.Contains("0.38.1", _repo.ReadOnBranch(Branch, $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);
        Assert.Empty(_github.PullRequests);

        _github.StallEvery = null;
        Assert.Equal(2, (await RunAsync(forge, "drift", "--repo", _repo.Path)).ExitCode);
        Assert.Equal(2, (await RunAsync(forge, "drift", "--repo", _repo.Path)).ExitCode);
        var pr = Assert.Single(_github.PullRequests);
        Assert.Contains("0.38.1", pr.Body, StringComparison.Ordinal);
        AssertTokenNeverShown();
    }

    private async Task ReconcileAsync()
    {
        var first = await RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("--version 0.38.2", NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "ipfs-0").CommandLine, StringComparison.Ordinal);
    }

    private Task<CliResult> RunAsync(params string[] args) => RunAsync(new Dictionary<string, string>(), args);

    private async Task<CliResult> RunAsync(Dictionary<string, string> environment, params string[] args)
    {
        var result = await _cli.RunWithAsync(new Dictionary<string, string>(environment) { [TokenVariable] = _github.Token }, args);
        _outputs.Add(result);
        log.WriteLine($"$ gitopsfleet {string.Join(' ', args)}\n{result}");
        return result;
    }

    /// <summary>Every output of the program, every pull request body and every file on the branch: none holds the token.</summary>
    private void AssertTokenNeverShown()
    {
        Assert.All(_outputs, o => Assert.DoesNotContain(_github.Token, o.All, StringComparison.Ordinal));
        Assert.All(_github.PullRequests, p => Assert.DoesNotContain(_github.Token, p.Body + string.Join("\n", p.Comments), StringComparison.Ordinal));
        foreach (var path in new[] { "pools/ipfs.yaml", $"reports/drift/{_fleet}.md", $"reports/drift/{_fleet}.json" })
        {
            Assert.DoesNotContain(_github.Token, _repo.ReadOnBranch(Branch, path) ?? "", StringComparison.Ordinal);
        }
    }

    private static string RunId(CliResult result) => RunLine().Match(result.Stdout) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("no run id in:\n" + result);

    [GeneratedRegex(@"^run (\d+) \(", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    /// <summary>A merge commit of the drift branch on main, made in the checked-out repository as the forge would.</summary>
    private void MergeIntoMain(string branch)
    {
        using var repo = new Repository(_repo.Path);
        Assert.Equal("main", repo.Head.FriendlyName);
        var signature = new Signature("reviewer", "reviewer@example.invalid", DateTimeOffset.UtcNow);
        var result = repo.Merge(repo.Branches[branch], signature, new MergeOptions { FastForwardStrategy = FastForwardStrategy.NoFastForward, CommitOnSuccess = true });
        Assert.Equal(MergeStatus.NonFastForward, result.Status);
    }

    /// <summary>What an operator does by hand: stop a node and start it again from its own command line with another version.</summary>
    private async Task<int> RestartByHandAsync(string node, string from, string to)
    {
        var old = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == node);
        var args = File.ReadAllText($"/proc/{old.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(from, args);
        NodeProcesses.Kill(old.Pid);
        var psi = new ProcessStartInfo(args[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a == from ? to : a);
        using var process = Process.Start(psi)!;
        await NodeProcesses.WaitServingAsync(_fleet, node, c => c.Contains(to, StringComparison.Ordinal));
        return process.Id;
    }
}
