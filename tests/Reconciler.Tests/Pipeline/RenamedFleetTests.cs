using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>A fleet renamed in Git (metadata.name) on real node processes: the old name's nodes are reported, never adopted or deleted.</summary>
public sealed class RenamedFleetTests : FleetTestBase
{
    private readonly string _renamed;

    public RenamedFleetTests() => _renamed = _fleet + "r";

    [Fact]
    public async Task RenamedFleet_WarnsAboutTheOldFleetsNodes_KeepsThemRunning_AndStartsTheNewOnes()
    {
        _repo.Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 1)).Delete("pools/ipfs.yaml").Commit("one node");
        Assert.Equal(0, (await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path)).ExitCode);
        var old = Assert.Single(NodeProcesses.OfFleet(_fleet));

        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false).Replace($"name: {_fleet}", $"name: {_renamed}", StringComparison.Ordinal)).Commit("rename the fleet");
        var renamed = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);

        Assert.True(renamed.ExitCode == 0, renamed.ToString());
        Assert.Contains($"warning FLEET030: fleet {_fleet} was reconciled from this repository and folder before it was named {_renamed}; its node(s) rpc-0 still run",
            renamed.Stdout, StringComparison.Ordinal);
        Assert.Equal(old.Pid, Assert.Single(NodeProcesses.OfFleet(_fleet)).Pid);
        Assert.Equal(["rpc-0"], NodeProcesses.OfFleet(_renamed).Select(n => n.Name));

        // The next run warns again and still leaves the old node alone.
        var again = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.Contains("FLEET030", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(old.Pid, Assert.Single(NodeProcesses.OfFleet(_fleet)).Pid);
    }

    public override void Dispose()
    {
        NodeProcesses.KillFleet(_renamed);
        base.Dispose();
    }
}
