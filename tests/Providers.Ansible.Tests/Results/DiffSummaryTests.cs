using System.Text.Json;
using GitOpsFleet.Providers.Ansible.Results;

namespace GitOpsFleet.Providers.Ansible.Tests.Results;

public sealed class DiffSummaryTests
{
    [Fact]
    public void LineDiff_ShowsRemovedThenAddedLines_InOrder()
    {
        var diff = DiffSummary.LineDiff(["a", "version=1", "c", "d"], ["a", "version=2", "c", "e", "f"]);
        Assert.Equal(["-version=1", "+version=2", "-d", "+e", "+f"], diff);
    }

    [Fact]
    public void LineDiff_EqualTexts_HaveNoLines()
    {
        Assert.Empty(DiffSummary.LineDiff(["x", "y"], ["x", "y"]));
    }

    [Fact]
    public void Describe_FileContent_UsesTheDestinationWhenTheHeaderIsATempFile()
    {
        using var doc = JsonDocument.Parse("""
            [{"before": "version=1\n", "after": "version=2\n", "before_header": "/etc/app.conf", "after_header": "/root/.ansible/tmp/ansible-local-1/tmpx"},
             {"before": "", "after": "new\n", "after_header": "/root/.ansible/tmp/ansible-local-1/tmpy"}]
            """);
        var lines = DiffSummary.Describe(doc.RootElement, "/srv/dest.conf");
        Assert.Equal(["/etc/app.conf", "-version=1", "+version=2", "/srv/dest.conf", "+new"], lines);
    }

    [Fact]
    public void Describe_Attributes_ListsOnlyChangedKeys()
    {
        using var doc = JsonDocument.Parse("""{"before": {"path": "/x", "state": "absent", "mode": "0644"}, "after": {"path": "/x", "state": "directory", "mode": "0755"}}""");
        Assert.Equal(["mode: 0644 -> 0755", "state: absent -> directory"], DiffSummary.Describe(doc.RootElement, null));
    }

    [Fact]
    public void Describe_LongDiff_IsCut()
    {
        var after = string.Join('\n', Enumerable.Range(0, 100).Select(i => $"line {i}"));
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(new { before = "", after }));
        var lines = DiffSummary.Describe(doc.RootElement, null);
        Assert.Equal(DiffSummary.MaxLines + 1, lines.Count);
        Assert.Equal("... 60 more lines", lines[^1]);
    }
}
