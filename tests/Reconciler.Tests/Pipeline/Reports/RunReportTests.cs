using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Tests.Pipeline.Reports;

/// <summary>
/// Records written by the untyped pipeline (captured from real runs, see <see cref="RunReportFixtures"/>)
/// read into <see cref="RunReport"/> and write back as the same document.
/// </summary>
public sealed class RunReportTests
{
    private static RunRecord Stored(string json) => new(7, "shop", "repo", null, "cli", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(3),
        "succeeded", "summary", JsonNode.Parse(json)!.AsObject());

    [Theory]
    [InlineData(nameof(RunReportFixtures.RepairRun))]
    [InlineData(nameof(RunReportFixtures.BrokenCommitRun))]
    [InlineData(nameof(RunReportFixtures.LegacyRun))]
    public void StoredRecord_ReadsAndWritesBack_TheSameDocument(string fixture)
    {
        var json = RunReportFixtures.Named(fixture);

        var report = RunReport.FromJson(json);
        var written = JsonNode.Parse(report.ToJson());

        // Nulls are left out when writing, and an old record without steps or diagnostics gets empty ones:
        // every reader has always taken a missing key, a null and an empty list alike.
        Assert.True(JsonNode.DeepEquals(WithoutEmpty(JsonNode.Parse(json)), WithoutEmpty(written)), report.ToJson());
    }

    [Fact]
    public void RepairRun_ReadsTyped_StepsPlanResultsDriftAndPullRequest()
    {
        var report = RunReport.Read(Stored(RunReportFixtures.RepairRun));

        Assert.Equal(7, report.RunId);
        Assert.Equal("shop", report.Fleet);
        Assert.Equal("succeeded", report.Result);
        Assert.Equal(9, report.Steps.Count);
        Assert.Equal("fetch", report.Steps[0].Name);
        Assert.Contains(report.Plan!.Actions, a => a.Kind == "replace" && a.Node == "rpc-1");
        Assert.Contains(report.Results!, r => r.Action.Node == "rpc-1" && r.Outcome == "succeeded");
        Assert.Equal(2, report.Desired!.Pools.Count);
        var repaired = Assert.Single(report.Drift!.Items, i => i.Repaired);
        Assert.Equal("rpc-1", repaired.Node);
        Assert.Equal(0, report.OutstandingDrift);
        Assert.NotNull(report.Drift.ObservedAt);
        Assert.Equal("open", report.PullRequest!.State);
        Assert.Contains(report.Observed!, n => n.Name == "ipfs-0" && n.Managed);
        Assert.Equal(2, report.Decisions!.Warn.Count);
        var warning = Assert.Single(report.Decisions.Warn, w => w.Pool is not null);
        Assert.Equal(("plan", "warn", "rpc", "low"), (warning.Stage, warning.Kind, warning.Pool, warning.Severity));
        Assert.Equal("plan", report.Decisions.Stages[1].StageName);
    }

    [Fact]
    public void BrokenCommitRun_ReadsItsDiagnostics_ByFileLineAndCode()
    {
        var report = RunReport.Read(Stored(RunReportFixtures.BrokenCommitRun));

        Assert.All(report.Diagnostics, d => Assert.True(d.IsError));
        var diagnostic = Assert.Single(report.Diagnostics, d => d.Code == "FLEET002");
        Assert.Equal(("pools/rpc.yaml", 9, 3), (diagnostic.File, diagnostic.Line, diagnostic.Column));
        Assert.StartsWith("unknown field 'sofware'", diagnostic.Message, StringComparison.Ordinal);
        Assert.Null(report.Plan);
    }

    [Fact]
    public void LegacyRun_ReadsOldStagesAndPolicyEntries_AndCountsEveryDriftItemAsOutstanding()
    {
        var report = RunReport.Read(Stored(RunReportFixtures.LegacyRun));

        Assert.Equal(["fetch", "plan"], report.Steps.Select(s => s.Name));
        Assert.Contains("interrupted", report.Extra!.Keys);
        var stage = Assert.Single(report.Decisions!.Stages);
        Assert.Equal(("admission", "deny"), (stage.StageName, stage.Verdict));
        Assert.Equal(2, report.OutstandingDrift);
    }

    [Theory]
    [InlineData("pools/rpc.yaml:12:5: error FLEET012: min exceeds max", "pools/rpc.yaml", 12, 5, "FLEET012", "error", "min exceeds max")]
    [InlineData("fleet.yaml: warning FLEET028: a link: skipped", "fleet.yaml", 0, 0, "FLEET028", "warning", "a link: skipped")]
    [InlineData("something else entirely", null, 0, 0, "", "error", "something else entirely")]
    public void Diagnostic_ParsesItsLine_AndPrintsItBack(string line, string? file, int row, int column, string code, string severity, string message)
    {
        var d = ReportDiagnostic.Parse(line);

        Assert.Equal(new ReportDiagnostic(file, row, column, code, severity, message), d);
        Assert.Equal(line, d.ToString());
    }

    [Theory]
    [InlineData("plan: pool rpc: too many nodes [high]", "plan", "rpc", "high", "too many nodes")]
    [InlineData("admission: no ipfs pool is approved", "admission", null, null, "no ipfs pool is approved")]
    [InlineData("policies at abc do not compile, so nothing is applied: x", null, null, null, "policies at abc do not compile, so nothing is applied: x")]
    public void PolicyFinding_ParsesStagePoolAndSeverity_AndPrintsItBack(string line, string? stage, string? pool, string? severity, string message)
    {
        var f = PolicyFinding.Parse(line, PolicyFinding.DenyKind);

        Assert.Equal(new PolicyFinding(stage, "deny", pool, severity, message), f);
        Assert.Equal(line, f.ToString());
    }

    private static JsonNode? WithoutEmpty(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Where(p => p.Value is null or JsonArray { Count: 0 }).Select(p => p.Key).ToList()) o.Remove(key);
                foreach (var (_, value) in o) WithoutEmpty(value);
                break;
            case JsonArray a:
                foreach (var item in a) WithoutEmpty(item);
                break;
        }
        return node;
    }
}
