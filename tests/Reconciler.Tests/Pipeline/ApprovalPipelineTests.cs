using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>Runs that need a person (issue 26), on real local-provider node processes.</summary>
public sealed class ApprovalPipelineTests : FleetTestBase
{
    [Fact]
    public async Task ManualFleet_PlansAndStallsWaitingApproval_WithAFingerprint_AndAppliesNothing()
    {
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false).Replace("mode: auto", "mode: manual", StringComparison.Ordinal)).Commit("manual");
        var run = await _cli.RunAsync("reconcile", "--once", "--repo", _repo.Path);
        Assert.Contains("waiting-approval", run.All, StringComparison.Ordinal);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));

        var report = await LatestRunAsync();
        Assert.Equal("waiting-approval", report["result"]!.ToString());
        var approval = report["approval"]!;
        Assert.Equal("waiting", approval["status"]!.ToString());
        var commit = report["commit"]!.ToString();
        Assert.Equal(commit, approval["commit"]!.ToString());
        Assert.StartsWith(commit + ":", approval["fingerprint"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, report["plan"]!["actions"]!.AsArray().Count);
        Assert.Equal("allow", report["steps"]!.AsArray().Single(s => s!["name"]!.ToString() == "policy")!["status"]!.ToString());
    }

    private async Task<JsonNode> LatestRunAsync()
    {
        var list = await _cli.RunAsync("runs", "list", "--fleet", _fleet, "--json", "--limit", "1");
        var id = JsonNode.Parse(list.Stdout)!.AsArray()[0]!["id"]!.ToString();
        var show = await _cli.RunAsync("runs", "show", id, "--json");
        return JsonNode.Parse(show.Stdout)!;
    }
}
