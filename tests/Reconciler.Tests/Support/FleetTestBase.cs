using System.Text.Json.Nodes;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>
/// A fleet repository with two local pools (rpc: 2 geth nodes, ipfs: 1 kubo node), its own state
/// home and fleet name; every node of the fleet is killed at the end.
/// </summary>
public abstract class FleetTestBase : IDisposable
{
    private protected readonly TempDirectory _temp = new("e2e");
    protected readonly string _fleet = "t" + Guid.NewGuid().ToString("N")[..8];
    private protected readonly CliRunner _cli;
    private protected readonly FleetRepository _repo;

    protected FleetTestBase()
    {
        _cli = new CliRunner(_temp.Combine("home"));
        _repo = new FleetRepository(_temp.Combine("fleet-repo"));
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false))
            .Write("pools/rpc.yaml", PoolYaml("rpc", "geth", "1.16.7", 2))
            .Write("pools/ipfs.yaml", PoolYaml("ipfs", "kubo", "0.38.2", 1));
        _repo.Commit("two pools");
    }

    protected string FleetYaml(bool allowEmpty, string action = "pull-request", string extra = "") => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: {_fleet}
        spec:
          reconcile: {"{"}interval: 1m, mode: auto, prune: true, allowEmpty: {(allowEmpty ? "true" : "false")}, maxParallel: 4{"}"}
          drift: {"{"}action: {action}{"}"}
          forge: {"{"}kind: local{"}"}
          {extra}
        """;

    protected static string PoolYaml(string name, string software, string version, int replicas) => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: {name}
          labels: {"{"}role: {name}{"}"}
        spec:
          provider: local
          machine: {"{"}size: local-small{"}"}
          software: {"{"}name: {software}, version: {version}{"}"}
          replicas: {"{"}min: {replicas}, max: {replicas + 2}{"}"}
          storage: {"{"}sizeGiB: 10, encrypted: true{"}"}
        """;

    protected static async Task WaitForAsync(Func<bool> condition)
    {
        // The nodes are real processes: generous, as a loaded machine starts them slowly.
        await Eventually.UntilAsync(condition, TimeSpan.FromSeconds(60), "the fleet's node processes did not reach the expected state");
    }

    /// <summary>The fleet's newest run as `runs show --json` prints it, with its id added.</summary>
    private protected async Task<JsonNode> LatestRunAsync()
    {
        var list = await _cli.RunAsync("runs", "list", "--fleet", _fleet, "--json", "--limit", "1");
        var id = JsonNode.Parse(list.Stdout)!.AsArray()[0]!["id"]!.ToString();
        var show = await _cli.RunAsync("runs", "show", id, "--json");
        // The document leaves the run's own columns out; the tests need its id to approve it.
        var report = JsonNode.Parse(show.Stdout)!;
        report["id"] = id;
        return report;
    }

    public virtual void Dispose()
    {
        NodeProcesses.KillFleet(_fleet);
        _temp.Dispose();
    }
}
