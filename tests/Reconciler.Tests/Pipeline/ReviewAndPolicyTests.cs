using System.Diagnostics;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>Policies in front of apply, and what merging or closing a drift pull request means, on real nodes.</summary>
public sealed class ReviewAndPolicyTests : FleetTestBase
{
    private const string DenyGethBump = """
        package fleet.admission

        import rego.v1

        deny contains {"msg": sprintf("geth %s is not approved", [pool.software.version]), "pool": pool.name} if {
        	some pool in input.fleet.pools
        	pool.software.name == "geth"
        	pool.software.version != "1.16.7"
        }
        """;

    [Fact]
    public async Task DeniedChange_NeverReachesANode_AndTheRunSaysWhichRule()
    {
        _repo.Write("policies/fleet/admission.rego", DenyGethBump).Commit("policy");
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var before = NodeProcesses.OfFleet(_fleet);

        _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.8", 3)).Commit("bump geth and scale out");
        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 1, plan.ToString());
        var denied = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(denied.ExitCode == 1, denied.ToString());
        Assert.Contains("geth 1.16.8 is not approved", denied.Stdout, StringComparison.Ordinal);
        Assert.Contains("denied", denied.Stdout, StringComparison.Ordinal);

        var after = NodeProcesses.OfFleet(_fleet);
        Assert.Equal(before.Select(n => (n.Pid, n.CommandLine)), after.Select(n => (n.Pid, n.CommandLine)));
        Assert.DoesNotContain(after, n => n.CommandLine.Contains("1.16.8", StringComparison.Ordinal));
        var runs = await _cli.RunAsync("runs", "list", "--fleet", _fleet, "--result", "denied");
        Assert.Contains("denied", runs.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyThatDoesNotParse_FailsClosed_NamingFileAndLine()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var before = NodeProcesses.OfFleet(_fleet).Select(n => n.Pid).ToList();
        _repo.Write("policies/fleet/admission.rego", "package fleet.admission\n\nimport rego.v1\n\ndeny contains msg if {\n  msg := \n}\n")
            .Write("pools/ipfs.yaml", PoolYaml("ipfs", "kubo", "0.38.2", 2)).Commit("broken policy");
        var run = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("policies/fleet/admission.rego:", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("rego_parse_error", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, NodeProcesses.OfFleet(_fleet).Select(n => n.Pid));
    }

    [Fact]
    public async Task VersionChangedByHand_OpensPullRequestEditingOnlyThatValue_AndMergeAcceptsIt()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var pid = await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");

        var drift = await _cli.RunAsync("drift", "--repo", _repo.Path);
        Assert.True(drift.ExitCode == 2, drift.ToString());
        var branch = $"gitopsfleet/drift/{_fleet}";
        var edited = _repo.ReadOnBranch(branch, "pools/ipfs.yaml");
        Assert.Equal(PoolYaml("ipfs", "kubo", "0.38.2", 1).Replace("version: 0.38.2", "version: 0.38.1", StringComparison.Ordinal), edited);
        Assert.Contains("0.38.1", _repo.ReadOnBranch(branch, $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);

        var merge = await _cli.RunAsync("prs", "merge", "1", "--repo", _repo.Path);
        Assert.True(merge.ExitCode == 0, merge.ToString());
        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        Assert.Equal(pid, NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "ipfs-0").Pid);
        Assert.Contains("merged", (await _cli.RunAsync("prs", "list", "--fleet", _fleet)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullRequestClosedWithoutMerge_RestoresGitOnTheMachine_AndDoesNotReopen()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");
        Assert.Equal(2, (await _cli.RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        Assert.Equal(0, (await _cli.RunAsync("prs", "close", "1")).ExitCode);

        var heal = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        Assert.Contains("--version 0.38.2", NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "ipfs-0").CommandLine, StringComparison.Ordinal);
        Assert.Equal(0, (await _cli.RunAsync("drift", "--repo", _repo.Path)).ExitCode);
        var prs = (await _cli.RunAsync("prs", "list", "--fleet", _fleet)).Stdout;
        Assert.Single(prs.Split('\n'), l => l.Contains("gitopsfleet/drift/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VersionChangedByHand_AfterTheStateStoreWasLost_IsDriftNotAnUpdate()
    {
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var pid = await RestartByHandAsync("ipfs-0", "0.38.2", "0.38.1");
        // The operator starts over with an empty store: every record of what was applied is gone.
        foreach (var file in Directory.GetFiles(_temp.Combine("home"), "state.db*")) File.Move(file, file + ".lost");

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);
        Assert.True(plan.ExitCode == 0 || plan.ExitCode == 2, plan.ToString());
        Assert.DoesNotContain("update   ipfs-0", plan.Stdout, StringComparison.Ordinal);
        var reconcile = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(reconcile.ExitCode == 0, reconcile.ToString());
        var node = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "ipfs-0");
        Assert.Equal(pid, node.Pid);
        Assert.Contains("--version 0.38.1", node.CommandLine, StringComparison.Ordinal);
        Assert.Contains("0.38.1", _repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);
    }

    /// <summary>What an operator does by hand: stop a node and start it again from its own command line with another version.</summary>
    private async Task<int> RestartByHandAsync(string node, string from, string to)
    {
        var old = NodeProcesses.OfFleet(_fleet).Single(n => n.Name == node);
        var args = File.ReadAllText($"/proc/{old.Pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        NodeProcesses.Kill(old.Pid);
        var psi = new ProcessStartInfo(args[0]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a == from ? to : a);
        var process = Process.Start(psi)!;
        await NodeProcesses.WaitServingAsync(_fleet, node, _ => true);
        return process.Id;
    }
}
