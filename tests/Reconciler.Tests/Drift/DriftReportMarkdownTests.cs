using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Tests.Drift;

public sealed class DriftReportMarkdownTests
{
    private static string Body(params DriftItem[] items) =>
        new DriftReport("f", "0123456789abcdef", 7, DateTimeOffset.UnixEpoch, items).ToMarkdown();

    [Fact]
    public void NodeReportedVersion_WithAScriptTag_IsRenderedEscaped()
    {
        var body = Body(new DriftItem(DriftKind.Changed, "rpc", "rpc-0", "software.version", "1.14.12", "<script>alert(1)</script>", "changed"));

        Assert.DoesNotContain("<script>", body, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;", body, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelWithPipeAndNewline_StaysInsideItsTableRow()
    {
        var body = Body(new DriftItem(DriftKind.Changed, "rpc", "rpc-0", "labels.role", "rpc", "a|b\n## injected", "changed"));

        var row = Assert.Single(body.Split('\n'), l => l.StartsWith("| rpc-0 ", StringComparison.Ordinal));
        Assert.Contains("a\\|b \\#\\# injected", row, StringComparison.Ordinal);
        Assert.DoesNotContain(body.Split('\n'), l => l.StartsWith("## injected", StringComparison.Ordinal));
        Assert.Equal(7, row.Replace("\\|", "", StringComparison.Ordinal).Count(c => c == '|'));
    }

    [Fact]
    public void DeadNodeReplacedByTheRun_IsReportedButNotOutstanding_AndHasItsOwnFingerprint()
    {
        var gone = new DriftItem(DriftKind.Missing, "rpc", "rpc-1", "state", "running", "gone", "node rpc-1 is gone");
        var replaced = new DriftReport("f", "0123456789abcdef", 7, DateTimeOffset.UnixEpoch, [gone with { Repaired = true }]);
        var open = new DriftReport("f", "0123456789abcdef", 7, DateTimeOffset.UnixEpoch, [gone]);

        Assert.Equal(0, replaced.OutstandingCount);
        Assert.Equal(1, open.OutstandingCount);
        Assert.NotEqual(open.Fingerprint, replaced.Fingerprint);
        Assert.Equal("Drift in fleet f: 1 missing (1 replaced)", replaced.Title);
        Assert.Contains("| rpc-1 | missing, replaced |", replaced.ToMarkdown(), StringComparison.Ordinal);
        Assert.Contains("nothing is left to decide", replaced.ToMarkdown(), StringComparison.Ordinal);
        var json = System.Text.Json.Nodes.JsonNode.Parse(replaced.ToJson());
        Assert.Equal(0, GitOpsFleet.Reconciler.Pipeline.Reports.ReportParts.Drift(replaced).OutstandingCount);
        Assert.True(json!["items"]![0]!["repaired"]!.GetValue<bool>());
    }

    [Fact]
    public void LongObservedValue_IsCutTo200CharactersWithAnEllipsis()
    {
        var cell = MarkdownText.Cell(new string('x', 1000));
        Assert.Equal(new string('x', 200) + "…", cell);
    }

    [Fact]
    public void Mention_InAMachineValue_DoesNotNotifyAnyone() =>
        Assert.Equal("&#64;org/team", MarkdownText.Cell("@org/team"));
}
