using System.Globalization;
using System.Text;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Bench.Fleet;

/// <summary>
/// Generates fleet repositories of any size (as in-memory snapshots or folders) and the observed
/// state that matches them, for benchmarks and load tests.
/// </summary>
public static class FleetGenerator
{
    private static readonly (string Software, string Version, string Role)[] Clients =
    [
        ("geth", "1.16.7", "rpc"), ("nethermind", "1.35.2", "rpc"), ("lighthouse", "v8.0.0", "beacon"),
        ("teku", "25.11.0", "beacon"), ("kubo", "0.38.2", "ipfs"), ("erpc", "0.0.60", "gateway"),
    ];

    public static IReadOnlyDictionary<string, string> Files(string fleet, int pools, int nodesPerPool)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["fleet.yaml"] = $"""
                apiVersion: gitopsfleet.dev/v1
                kind: Fleet
                metadata:
                  name: {fleet}
                spec:
                  reconcile: {"{"}interval: 2m, mode: auto, prune: true, allowEmpty: false, maxParallel: 8{"}"}
                  drift: {"{"}action: pull-request{"}"}
                  forge: {"{"}kind: local{"}"}
                """,
        };
        for (var i = 0; i < pools; i++)
        {
            var (software, version, role) = Clients[i % Clients.Length];
            var name = PoolName(i);
            var sb = new StringBuilder();
            sb.AppendLine("# generated pool").AppendLine("apiVersion: gitopsfleet.dev/v1").AppendLine("kind: NodePool").AppendLine("metadata:");
            sb.Append("  name: ").AppendLine(name);
            sb.Append(CultureInfo.InvariantCulture, $"  labels: {{role: {role}, env: prod, shard: s{i % 16}}}").AppendLine();
            sb.AppendLine("spec:").AppendLine("  provider: local").AppendLine("  region: westeurope");
            sb.AppendLine("  machine: {size: Standard_D8s_v5, image: ubuntu-24.04}");
            sb.Append(CultureInfo.InvariantCulture, $"  software: {{name: {software}, version: {version}}}").AppendLine();
            sb.Append(CultureInfo.InvariantCulture, $"  replicas: {{min: {nodesPerPool}, max: {nodesPerPool * 2}}}").AppendLine();
            sb.AppendLine("  network: {publicIngress: [30303], ssh: private}");
            sb.AppendLine("  storage: {sizeGiB: 2048, encrypted: true}");
            files[$"pools/{name}.yaml"] = sb.ToString();
        }
        return files;
    }

    public static InMemorySnapshot Snapshot(string fleet, int pools, int nodesPerPool) =>
        new("0000000000000000000000000000000000000000", Files(fleet, pools, nodesPerPool));

    public static void WriteTo(string directory, string fleet, int pools, int nodesPerPool)
    {
        foreach (var (path, text) in Files(fleet, pools, nodesPerPool))
        {
            var file = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
    }

    /// <summary>Observed nodes that match the desired fleet exactly, so a plan over them has no changes.</summary>
    public static IReadOnlyList<ObservedNode> ObservedMatching(FleetSpec spec)
    {
        var nodes = new List<ObservedNode>();
        foreach (var pool in spec.Pools)
        {
            foreach (var d in DesiredNode.Numbered(spec.Name, pool, pool.Replicas.Min))
            {
                nodes.Add(new ObservedNode("local", spec.Name, pool.Name, d.Name, d.Software, d.Machine, d.Labels, NodeState.Running, Managed: true));
            }
        }
        return nodes;
    }

    public static string PoolName(int i) => $"pool-{i:D4}";
}
