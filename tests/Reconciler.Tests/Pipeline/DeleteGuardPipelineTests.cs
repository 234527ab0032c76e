using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>reconcile.maxDeletePercent and manual pools on real node processes: a commit deleting most of a fleet waits for a person.</summary>
public sealed class DeleteGuardPipelineTests : FleetTestBase
{
    [Fact]
    public async Task CommitRemovingMostPools_WithAValidator_StallsWaitingForApproval_AndDeletesNothing()
    {
        _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 1))
            .Write("pools/archive.yaml", PoolYaml("archive", "geth", "1.16.7", 3))
            .Write("pools/validator.yaml", PoolYaml("validator", "geth", "1.16.7", 1) + "\n  replacement: manual\n")
            .Commit("four pools");
        var first = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = NodeProcesses.OfFleet(_fleet).Select(n => n.Pid).ToList();
        Assert.Equal(6, before.Count);

        _repo.Delete("pools/ipfs.yaml").Delete("pools/archive.yaml").Delete("pools/validator.yaml").Commit("retire three pools");
        var held = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(held.ExitCode == 0, held.ToString());
        Assert.Contains("5 of the 6 managed node(s)", held.Stdout, StringComparison.Ordinal);
        Assert.Contains("(83%)", held.Stdout, StringComparison.Ordinal);
        Assert.Contains("pool validator (validator-0)", held.Stdout, StringComparison.Ordinal);
        Assert.Contains("waits for a person", held.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, NodeProcesses.OfFleet(_fleet).Select(n => n.Pid));
        Assert.Contains("waiting-approval", (await _cli.RunAsync("runs", "list", "--fleet", _fleet)).Stdout, StringComparison.Ordinal);

        // Raising the share is not enough for a validator: a person stops it, and the rest then goes ahead.
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false).Replace("maxParallel: 4", "maxParallel: 4, maxDeletePercent: 100", StringComparison.Ordinal)).Commit("approve the deletes");
        var stillHeld = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.Contains("pool validator (validator-0)", stillHeld.Stdout, StringComparison.Ordinal);
        Assert.Equal(6, NodeProcesses.OfFleet(_fleet).Count);
        NodeProcesses.Kill(NodeProcesses.OfFleet(_fleet).Single(n => n.Name == "validator-0").Pid);
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).Count == 5);
        var applied = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Equal(["rpc-0"], NodeProcesses.OfFleet(_fleet).Select(n => n.Name));
    }

    [Fact]
    public async Task DeleteGuardHold_IsApprovable_AndTheNextRunAppliesExactlyTheApprovedPlan()
    {
        _repo.Write("pools/archive.yaml", PoolYaml("archive", "geth", "1.16.7", 2))
            .Write("pools/validator.yaml", PoolYaml("validator", "geth", "1.16.7", 1) + "\n  replacement: manual\n")
            .Commit("four pools");
        var first = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(6, NodeProcesses.OfFleet(_fleet).Count);

        _repo.Delete("pools/archive.yaml").Delete("pools/validator.yaml").Delete("pools/ipfs.yaml").Commit("retire three pools");
        var held = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.Contains("approve this run", held.Stdout, StringComparison.Ordinal);
        var waiting = await LatestRunAsync();
        Assert.Equal(("waiting-approval", "waiting"), (waiting["result"]!.ToString(), waiting["approval"]!["status"]!.ToString()));
        var planned = waiting["plan"]!["actions"]!.AsArray().Select(a => $"{a!["kind"]} {a["node"]}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["delete archive-0", "delete archive-1", "delete ipfs-0", "delete validator-0"], planned);
        Assert.Equal(6, NodeProcesses.OfFleet(_fleet).Count);

        var approve = await _cli.RunAsync("approve", waiting["id"]!.ToString(), "--by", "alice", "--reason", "retiring the archive");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        var applied = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("plan approved by alice", applied.Stdout, StringComparison.Ordinal);
        var report = await LatestRunAsync();
        Assert.Equal(("succeeded", "approved"), (report["result"]!.ToString(), report["approval"]!["status"]!.ToString()));
        Assert.Equal(waiting["approval"]!["fingerprint"]!.ToString(), report["approval"]!["fingerprint"]!.ToString());
        Assert.Equal(planned, report["results"]!.AsArray().Select(r => $"{r!["action"]!["kind"]} {r["action"]!["node"]}").Order(StringComparer.Ordinal).ToList());
        await WaitForAsync(() => NodeProcesses.OfFleet(_fleet).Count == 2);
        Assert.Equal(["rpc-0", "rpc-1"], NodeProcesses.OfFleet(_fleet).Select(n => n.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DeleteGuardApproval_LapsesWhenTheCommitMoves()
    {
        _repo.Write("pools/archive.yaml", PoolYaml("archive", "geth", "1.16.7", 3)).Commit("an archive pool");
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        _repo.Delete("pools/archive.yaml").Delete("pools/ipfs.yaml").Commit("retire two pools");
        await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        var waiting = await LatestRunAsync();
        Assert.Equal(0, (await _cli.RunAsync("approve", waiting["id"]!.ToString(), "--by", "alice")).ExitCode);

        _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 3)).Commit("and one more rpc node");
        var lapsed = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.Contains("lapsed", lapsed.Stdout, StringComparison.Ordinal);
        var report = await LatestRunAsync();
        Assert.Equal(("waiting-approval", "lapsed"), (report["result"]!.ToString(), report["approval"]!["status"]!.ToString()));
        Assert.Equal(6, NodeProcesses.OfFleet(_fleet).Count);
    }
}
