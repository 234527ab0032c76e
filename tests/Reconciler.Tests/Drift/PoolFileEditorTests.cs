using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Drift;

public sealed class PoolFileEditorTests
{
    private const string RpcYaml = """
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: rpc
          labels: {chain: ethereum, role: rpc, env: prod}   # who serves whom
        spec:
          provider: local
          # bump with care: the archive nodes need a resync on a major
          software: {name: geth, version: 1.16.7}
          machine:
            size: small     # fits the laptop
          replicas: {min: 3, max: 12}

        """;

    private static InMemorySnapshot Snapshot(string yaml = RpcYaml) => new("c0ffee", [new("pools/rpc.yaml", yaml), new("fleet.yaml", "kind: Fleet\n")]);

    private static FleetSpec Fleet(PoolSpec? pool = null) => Fleets.Fleet("mainnet", [pool ?? Fleets.Pool("rpc", 3, 12)]);

    private static Dictionary<string, IReadOnlyList<string>> Nodes(int count) => new() { ["rpc"] = Enumerable.Range(0, count).Select(i => $"rpc-{i}").ToList() };

    private static DriftItem Changed(string node, string field, string? expected, string? observed) =>
        new(DriftKind.Changed, "rpc", node, field, expected, observed, $"{field} changed");

    /// <summary>The lines that differ, as (before, after).</summary>
    private static List<(string Before, string After)> Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Where(p => p.First != p.Second).ToList();
    }

    [Fact]
    public void EveryNodeOnANewVersion_EditsOnlyThatValue_KeepingCommentsAndLayout()
    {
        var drift = Enumerable.Range(0, 3).Select(i => Changed($"rpc-{i}", "software.version", "1.16.7", "1.16.8")).ToList();

        var result = PoolFileEditor.Compute(Snapshot(), Fleet(), drift, Nodes(3));

        var edited = result.Files["pools/rpc.yaml"];
        Assert.Equal([("  software: {name: geth, version: 1.16.7}", "  software: {name: geth, version: 1.16.8}")], Diff(RpcYaml, edited));
        Assert.Equal(new PoolValueEdit("rpc", "pools/rpc.yaml", "spec.software.version", "1.16.7", "1.16.8"), Assert.Single(result.Edits));
        Assert.Empty(result.Notes);
    }

    [Fact]
    public void SizeAndLabel_AreEditedInPlace_InOneFile()
    {
        var drift = new List<DriftItem>
        {
            Changed("rpc-0", "machine.size", "small", "large"),
            Changed("rpc-0", "labels.env", "prod", "staging"),
        };

        var result = PoolFileEditor.Compute(Snapshot(), Fleet(), drift, Nodes(1));

        Assert.Equal(
            [("  labels: {chain: ethereum, role: rpc, env: prod}   # who serves whom", "  labels: {chain: ethereum, role: rpc, env: staging}   # who serves whom"),
             ("    size: small     # fits the laptop", "    size: large     # fits the laptop")],
            Diff(RpcYaml, result.Files["pools/rpc.yaml"]));
        Assert.Equal(2, result.Edits.Count);
    }

    [Fact]
    public void OneNodeOfThree_LeavesThePoolFileAlone_AndSaysWhy()
    {
        var result = PoolFileEditor.Compute(Snapshot(), Fleet(), [Changed("rpc-1", "software.version", "1.16.7", "1.16.8")], Nodes(3));

        Assert.Empty(result.Files);
        Assert.Empty(result.Edits);
        Assert.Contains("1 of 3 node(s)", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void NodesThatDisagree_LeaveThePoolFileAlone()
    {
        var drift = new List<DriftItem> { Changed("rpc-0", "software.version", "1.16.7", "1.16.8"), Changed("rpc-1", "software.version", "1.16.7", "1.16.9") };

        var result = PoolFileEditor.Compute(Snapshot(), Fleet(), drift, Nodes(2));

        Assert.Empty(result.Files);
        Assert.Contains("differs between nodes", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void ScaleSetCapacity_EditsTheReplicaCount_RaisingMaxOnlyWhenNeeded()
    {
        var within = PoolFileEditor.Compute(Snapshot(), Fleet(), [Changed("rpc-0", "replicas", "3", "5")], Nodes(1));
        Assert.Equal([("  replicas: {min: 3, max: 12}", "  replicas: {min: 5, max: 12}")], Diff(RpcYaml, within.Files["pools/rpc.yaml"]));

        var above = PoolFileEditor.Compute(Snapshot(), Fleet(), [Changed("rpc-0", "replicas", "3", "14")], Nodes(1));
        Assert.Equal([("  replicas: {min: 3, max: 12}", "  replicas: {min: 14, max: 14}")], Diff(RpcYaml, above.Files["pools/rpc.yaml"]));
    }

    [Fact]
    public void ScriptedReplicaCount_IsReportedOnly()
    {
        var pool = Fleets.Pool("rpc", 3, 12) with { Scaling = new ScalingSpec("scaling/rpc.csx", TimeSpan.FromMinutes(2)) };

        var result = PoolFileEditor.Compute(Snapshot(), Fleet(pool), [Changed("rpc-0", "replicas", "3", "5")], Nodes(1));

        Assert.Empty(result.Files);
        Assert.Contains("scaling/rpc.csx", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void LabelAddedOnTheMachine_AndNonValueDrift_AreReportedOnly()
    {
        var drift = new List<DriftItem>
        {
            Changed("rpc-0", "labels.owner", null, "ops"),
            new(DriftKind.Missing, "rpc", "rpc-0", "state", "running", "gone", "gone"),
            new(DriftKind.Unknown, "rpc", "rpc-9", "node", null, "running", "unknown"),
        };

        var result = PoolFileEditor.Compute(Snapshot(), Fleet(), drift, Nodes(1));

        Assert.Empty(result.Files);
        Assert.Contains("label owner=ops was added", Assert.Single(result.Notes), StringComparison.Ordinal);
    }

    [Fact]
    public void QuotedVersion_KeepsItsQuotes()
    {
        var yaml = RpcYaml.Replace("version: 1.16.7}", "version: \"1.16.7\"}", StringComparison.Ordinal);

        var result = PoolFileEditor.Compute(Snapshot(yaml), Fleet(), [Changed("rpc-0", "software.version", "1.16.7", "1.16.8")], Nodes(1));

        Assert.Contains("version: \"1.16.8\"}", result.Files["pools/rpc.yaml"], StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_ListsWhatMergingChanges_AndWhatIsOnlyReported()
    {
        var drift = new List<DriftItem> { Changed("rpc-0", "software.version", "1.16.7", "1.16.8"), Changed("rpc-0", "labels.owner", null, "ops") };

        var markdown = PoolFileEditor.Compute(Snapshot(), Fleet(), drift, Nodes(1)).ToMarkdown();

        Assert.Contains("| pools/rpc.yaml | `spec.software.version` | 1.16.7 | 1.16.8 |", markdown, StringComparison.Ordinal);
        Assert.Contains("## Reported only", markdown, StringComparison.Ordinal);
        Assert.Equal("", PoolFileEdits.None.ToMarkdown());
    }
}
