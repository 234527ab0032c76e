using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// The spine on real parts: a real Git repository, the real gitopsfleet program, real node processes.
/// Each test has its own state home and fleet name, and kills every node of its fleet at the end.
/// </summary>
public sealed class EndToEndTests : FleetTestBase
{
    [Fact]
    public async Task Plan_ReportsChanges_ThenReconcileStartsNodes_ThenPlanIsZero_AndARestartAdopts()
    {
        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("3 to create", plan.Stdout, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));

        var reconcile = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(reconcile.ExitCode == 0, reconcile.ToString());
        var nodes = NodeProcesses.OfFleet(_fleet);
        Assert.Equal(["ipfs-0", "rpc-0", "rpc-1"], nodes.Select(n => n.Name));
        Assert.All(nodes, n => Assert.Contains($"--fleet {_fleet} --pool", n.CommandLine, StringComparison.Ordinal));

        // A new process (a restarted CLI) adopts the running nodes instead of starting twins.
        var again = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(again.ExitCode == 0, again.ToString());
        var second = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(nodes.Select(n => n.Pid), NodeProcesses.OfFleet(_fleet).Select(n => n.Pid));

        var runs = await _cli.RunAsync("runs", "list", "--fleet", _fleet);
        Assert.Contains("succeeded", runs.Stdout, StringComparison.Ordinal);
        Assert.Contains("no-changes", runs.Stdout, StringComparison.Ordinal);
        var show = await _cli.RunAsync("runs", "show", "2");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("create   rpc-1", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("succeeded", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KilledNode_IsDrift_WithPushedReportBranchAndPullRequest_ThenReplacedAndClosed()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var victim = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "rpc-1");
        NodeProcesses.Kill(victim.Pid);

        var drift = await _cli.RunAsync("drift", "--repo", _repo.Path);
        Assert.True(drift.ExitCode == 2, drift.ToString());
        Assert.Contains("rpc-1", drift.Stdout, StringComparison.Ordinal);
        var report = _repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.md");
        Assert.NotNull(report);
        Assert.Contains("| rpc-1 | missing |", report, StringComparison.Ordinal);
        Assert.Contains("\"node\": \"rpc-1\"", _repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.json"), StringComparison.Ordinal);
        var prs = await _cli.RunAsync("prs", "list", "--fleet", _fleet);
        Assert.Contains("open", prs.Stdout, StringComparison.Ordinal);
        Assert.Contains($"gitopsfleet/drift/{_fleet}", prs.Stdout, StringComparison.Ordinal);

        // The same drift again updates nothing and opens no second pull request.
        Assert.Equal(2, (await _cli.RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        Assert.Single((await _cli.RunAsync("prs", "list", "--fleet", _fleet)).Stdout.Split('\n'), l => l.Contains("gitopsfleet/drift/", StringComparison.Ordinal));

        var heal = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        var replaced = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "rpc-1");
        Assert.NotEqual(victim.Pid, replaced.Pid);
        // The run that replaced the node still reports that it died, in its record and in the pull request.
        var show = await _cli.RunAsync("runs", "show", "4", "--json");
        Assert.Contains("\"repaired\": true", show.Stdout, StringComparison.Ordinal);
        Assert.Contains("| rpc-1 | missing, replaced |", _repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);
        // The next run finds nothing left and closes it.
        Assert.Equal(0, (await _cli.RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        Assert.Contains("resolved", (await _cli.RunAsync("prs", "list", "--fleet", _fleet)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandStartedNode_IsUnknownDrift_AndHealStopsIt()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var psi = new System.Diagnostics.ProcessStartInfo(CliRunner.Executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "node", "--fleet", _fleet, "--pool", "rpc", "--name", "rpc-by-hand", "--software", "geth", "--version", "1.16.7", "--port", "0", "--state-dir", _temp.Combine("byhand") }) psi.ArgumentList.Add(a);
        using var byHand = System.Diagnostics.Process.Start(psi)!;
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).Any(n => n.Name == "rpc-by-hand"));

        var drift = await _cli.RunAsync("drift", "--repo", _repo.Path);
        Assert.True(drift.ExitCode == 2, drift.ToString());
        Assert.Contains("unknown: node rpc-by-hand", drift.Stdout, StringComparison.Ordinal);

        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false, action: "heal")).Commit("heal drift");
        var heal = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        Assert.True(byHand.WaitForExit(10_000), "the hand-started node should have been stopped");
    }

    [Fact]
    public async Task RemovedPool_IsPruned_WhileTheOthersKeepRunning()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var before = NodeProcesses.OfFleet(_fleet).Where(n => n.Name.StartsWith("rpc-", StringComparison.Ordinal)).Select(n => n.Pid).ToList();
        _repo.Delete("pools/ipfs.yaml").Commit("retire ipfs");

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("delete ipfs-0", plan.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var after = NodeProcesses.OfFleet(_fleet);
        Assert.Equal(["rpc-0", "rpc-1"], after.Select(n => n.Name));
        Assert.Equal(before, after.Select(n => n.Pid));
    }

    [Fact]
    public async Task CommitWithNoPools_IsRefused_UntilAllowEmpty()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        _repo.Delete("pools/ipfs.yaml").Delete("pools/rpc.yaml").Commit("oops: no pools");

        var refused = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("allowEmpty", refused.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, NodeProcesses.OfFleet(_fleet).Count);

        // Emptying the fleet is also more than reconcile.maxDeletePercent of it: both say yes.
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: true).Replace("maxParallel: 4", "maxParallel: 4, maxDeletePercent: 100", StringComparison.Ordinal)).Commit("really empty");
        var emptied = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(emptied.ExitCode == 0, emptied.ToString());
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
    }

    [Fact]
    public async Task BrokenCommit_AppliesNothing_AndNamesTheFileAndLine()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var pids = NodeProcesses.OfFleet(_fleet).Select(n => n.Pid).ToList();
        _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.8", 3).Replace("software:", "sofware:", StringComparison.Ordinal))
            .Delete("pools/ipfs.yaml").Commit("broken");

        var validate = await _cli.RunAsync("validate", "--repo", _repo.Path);
        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Matches(@"pools/rpc\.yaml:\d+:\d+: .*sofware.*software", validate.Stdout);

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 1, plan.ToString());
        var reconcile = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(reconcile.ExitCode == 1, reconcile.ToString());
        Assert.Contains("pools/rpc.yaml:", reconcile.Stdout, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", reconcile.Stdout, StringComparison.Ordinal);
        Assert.Equal(pids, NodeProcesses.OfFleet(_fleet).Select(n => n.Pid));
    }

    [Fact]
    public async Task UnreachableRepository_ExitsOne_AndIsNeverReadAsEmpty()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var missing = await _cli.RunAsync("reconcile", "--once", "--repo", "http://127.0.0.1:1/nothing.git");
        Assert.True(missing.ExitCode == 1, missing.ToString());
        Assert.Contains("unreachable", missing.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, NodeProcesses.OfFleet(_fleet).Count);
    }

    [Fact]
    public async Task BadConfiguration_IsRefusedWithEveryProblem_BeforeAnythingRuns()
    {
        var result = await _cli.RunWithAsync(new Dictionary<string, string>
        {
            ["GITOPSFLEET__Providers__Ansible__RunTimeout"] = "-00:00:01",
            ["GITOPSFLEET__Scripting__MaxCallDepth"] = "0",
        }, "reconcile", "--once", "--repo", _repo.Path);
        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("Providers:Ansible: RunTimeout", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("Scripting: MaxCallDepth", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.All, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
    }

    [Fact]
    public async Task FleetInAFolder_IsReconciled_AndItsReportAndDiagnosticsNameTheFolder()
    {
        var shared = new FleetRepository(_temp.Combine("shared"));
        shared.Write("fleets/prod/fleet.yaml", FleetYaml(allowEmpty: false))
            .Write("fleets/prod/pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 1))
            .Write("README.md", "several fleets live here\n");
        shared.Commit("fleet in a folder");

        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", shared.Path, "--path", "fleets/prod")).ExitCode);
        Assert.Equal(["rpc-0"], NodeProcesses.OfFleet(_fleet).Select(n => n.Name));
        NodeProcesses.KillFleet(_fleet);
        Assert.Equal(2, (await _cli.RunAsync("drift", "--repo", shared.Path, "--path", "fleets/prod")).ExitCode);
        Assert.NotNull(shared.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"fleets/prod/reports/drift/{_fleet}.md"));

        shared.Write("fleets/prod/pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 1).Replace("software:", "sofware:", StringComparison.Ordinal)).Commit("typo");
        var validate = await _cli.RunAsync("validate", "--repo", shared.Path, "--path", "fleets/prod");
        Assert.True(validate.ExitCode == 1, validate.ToString());
        Assert.Matches(@"fleets/prod/pools/rpc\.yaml:\d+:\d+:", validate.Stdout);
    }
}
