namespace GitOpsFleet.Loading.Tests;

public sealed class YamlValueEditorTests
{
    private const string Pool = """
        # RPC pool: do not bump without checking the release notes
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: eth-rpc   # public name
          labels: {chain: ethereum, role: rpc}
        spec:
          provider: local
          software:
            name: geth
            version: 1.16.7    # pinned
          replicas: {min: 2, max: 6}
          network:
            publicIngress: [443, 30303]
          storage:
            sizeGiB: 1500

        """;

    [Fact]
    public void SetScalar_BlockValueWithComment_ChangesOnlyTheValue()
    {
        var updated = YamlValueEditor.SetScalar(Pool, "spec.software.version", "1.16.8");

        Assert.Equal(Pool.Replace("version: 1.16.7    # pinned", "version: 1.16.8    # pinned"), updated);
    }

    [Fact]
    public void SetScalar_ValueInsideAFlowMapping_KeepsTheFlowLayout()
    {
        var updated = YamlValueEditor.SetScalar(Pool, "spec.replicas.max", "12");

        Assert.Equal(Pool.Replace("{min: 2, max: 6}", "{min: 2, max: 12}"), updated);
    }

    [Fact]
    public void SetScalar_ListItemByIndex_ChangesThatItem()
    {
        var updated = YamlValueEditor.SetScalar(Pool, "spec.network.publicIngress[1]", "30304");

        Assert.Equal(Pool.Replace("[443, 30303]", "[443, 30304]"), updated);
    }

    [Fact]
    public void SetScalar_QuotedValues_KeepTheirQuotingStyle()
    {
        const string text = "a: \"1.0\"\nb: '2.0' # single\nc: x\n";

        var updated = YamlValueEditor.SetScalar(YamlValueEditor.SetScalar(text, "a", "1.1"), "b", "it's");

        Assert.Equal("a: \"1.1\"\nb: 'it''s' # single\nc: x\n", updated);
    }

    [Fact]
    public void SetScalar_PlainValueThatWouldBreakTheYaml_IsQuoted()
    {
        Assert.Equal("a: \"x: y # z\"\n", YamlValueEditor.SetScalar("a: b\n", "a", "x: y # z"));
        Assert.Equal("m: {k: \"a,b\"}\n", YamlValueEditor.SetScalar("m: {k: v}\n", "m.k", "a,b"));
        Assert.Equal("a: \"\"\n", YamlValueEditor.SetScalar("a: b\n", "a", ""));
    }

    [Fact]
    public void SetScalar_StringThatWouldBecomeABoolean_IsQuoted()
    {
        Assert.Equal("name: \"true\"\n", YamlValueEditor.SetScalar("name: geth\n", "name", "true"));
        Assert.Equal("encrypted: false\n", YamlValueEditor.SetScalar("encrypted: true\n", "encrypted", "false"));
    }

    [Fact]
    public void SetScalar_CrLfLineEndings_AreKept()
    {
        var text = Pool.Replace("\n", "\r\n");

        var updated = YamlValueEditor.SetScalar(text, "spec.storage.sizeGiB", "2048");

        Assert.Equal(text.Replace("sizeGiB: 1500", "sizeGiB: 2048"), updated);
    }

    [Fact]
    public void SetScalar_EditedText_StillLoadsWithTheNewValue()
    {
        var updated = YamlValueEditor.SetScalar(Pool, "spec.software.version", "1.17.0");

        Assert.Equal("1.17.0", YamlValueEditor.GetScalar(updated, "spec.software.version"));
        Assert.Equal("eth-rpc", YamlValueEditor.GetScalar(updated, "metadata.name"));
    }

    [Theory]
    [InlineData("spec.software.release", "'spec.software.release' does not exist: 'spec.software' has no field 'release'")]
    [InlineData("spec.network.publicIngress[5]", "'spec.network.publicIngress[5]' does not exist: 'spec.network.publicIngress' has no item 5")]
    [InlineData("spec.software", "'spec.software' is a mapping, not a single value")]
    [InlineData("spec..x", "'spec..x' is not a path like spec.software.version or spec.network.publicIngress[0]")]
    public void TrySetScalar_PathThatIsNotAScalar_FailsWithAReason(string path, string expected)
    {
        Assert.False(YamlValueEditor.TrySetScalar(Pool, path, "1", out var updated, out var error));
        Assert.Equal(expected, error);
        Assert.Same(Pool, updated);
    }

    [Fact]
    public void SetScalar_InvalidYaml_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => YamlValueEditor.SetScalar("a: [1, 2\n", "a[0]", "3"));

        Assert.StartsWith("the text is not valid YAML", e.Message);
    }

    [Fact]
    public void SetScalar_BlockScalar_IsRefused()
    {
        Assert.False(YamlValueEditor.TrySetScalar("note: |\n  text\n", "note", "x", out _, out var error));
        Assert.Contains("block scalar", error);
    }
}
