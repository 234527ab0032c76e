using static GitOpsFleet.Loading.Tests.Fixtures;

namespace GitOpsFleet.Loading.Tests;

/// <summary>spec.approvals.approvers: the forge accounts whose `/approve` comments count; a bad entry is located.</summary>
public sealed class FleetApproversTests
{
    private static string Fleet(string approvals) => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: mainnet
        spec:
          approvals: {approvals}
        """;

    [Fact]
    public void Load_Approvers_AreRead_AndMatchedWithoutCase()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("{required: 2, approvers: [alice, bob.ops]}"))));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        var rules = result.Fleet!.ApprovalRules;
        Assert.Equal(["alice", "bob.ops"], rules.Approvers!);
        Assert.True(rules.MayApprove("Alice"));
        Assert.False(rules.MayApprove("mallory"));
    }

    [Fact]
    public void Load_WithoutApprovers_NobodyApprovesByComment()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("{required: 1}"))));

        Assert.True(result.Succeeded, string.Join("\n", Lines(result)));
        Assert.False(result.Fleet!.ApprovalRules.MayApprove("alice"));
    }

    [Fact]
    public void Load_BadApprovers_AreReportedWhereTheyAre()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("\n    approvers:\n      - alice\n      - {name: bob}\n      - \"eve smith\"\n      - ALICE\n"))));

        Assert.False(result.Succeeded);
        var lines = Lines(result);
        Assert.Contains("fleet.yaml:9:9: error FLEET003: spec.approvals.approvers[1] must be a name, got a mapping", lines);
        Assert.Contains(lines, l => l.StartsWith("fleet.yaml:10:9: error FLEET019: spec.approvals.approvers[2] 'eve smith' is not an account name", StringComparison.Ordinal));
        Assert.Contains("fleet.yaml:11:9: error FLEET019: spec.approvals.approvers[3] 'ALICE' is listed twice", lines);
    }

    [Fact]
    public void Load_ApproversNotAList_IsAWrongType()
    {
        var result = Load(Snapshot(("fleet.yaml", Fleet("{approvers: alice}"))));

        Assert.False(result.Succeeded);
        Assert.Contains(Lines(result), l => l.Contains("error FLEET003: spec.approvals.approvers", StringComparison.Ordinal));
    }
}
