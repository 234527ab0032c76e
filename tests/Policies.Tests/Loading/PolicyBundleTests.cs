using GitOpsFleet.Policies.Loading;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Loading;

public sealed class PolicyBundleTests
{
    private static PolicyFile Tree(string path, string text) => PolicyFile.FromTree(path, text)!;

    [Fact]
    public void Read_DataFiles_SitAtTheirFoldersPaths_AndMerge()
    {
        var (_, data) = PolicyBundle.Read([
            Tree("data.json", """{"top": 1}"""),
            Tree("fleet/limits/data.yaml", "max: 5\n"),
            Tree("fleet/data.json", """{"limits": {"min": 1}, "owner": "ops"}"""),
        ]);

        Assert.Equal("""{"fleet":{"limits":{"max":5,"min":1},"owner":"ops"},"top":1}""", ValueJson.ToJsonString(data));
    }

    [Fact]
    public void Read_TwoFilesSettingOneValue_IsAConflictNamingBoth()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyBundle.Read([
            Tree("a/data.json", """{"limit": 3}"""),
            Tree("data.json", """{"a": {"limit": 4}}"""),
        ]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Contains("data.a.limit", d.Message, StringComparison.Ordinal);
        Assert.Contains("a/data.json", d.Message, StringComparison.Ordinal);
        Assert.Contains(" data.json", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EveryBadDataFile_IsReported_NotOnlyTheFirst()
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyBundle.Read([
            Tree("a/data.json", "{ not json"),
            Tree("b/data.yaml", "key: [unclosed"),
            Tree("c/data.json", """{"fine": true}"""),
        ]));

        Assert.Equal(["a/data.json", "b/data.yaml"], ex.Diagnostics.Select(d => d.Location!.File).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_WithoutTests_LeavesTestModulesOut_AndIgnoresOtherFiles()
    {
        var files = new[] { "p.rego", "p_test.rego", "README.md", "other.json" }
            .Select(p => PolicyFile.FromTree(p, "package p\n")).OfType<PolicyFile>().ToList();

        var (sources, _) = PolicyBundle.Read(files, includeTests: false);

        Assert.Equal(["p.rego"], sources.Select(s => s.File));
    }

    [Fact]
    public void LoadPaths_TwoFolders_ShowBothFoldersData_AndAConflictNamesBothFiles()
    {
        var root = Directory.CreateTempSubdirectory("bundle");
        try
        {
            var a = Directory.CreateDirectory(Path.Combine(root.FullName, "a")).FullName;
            var b = Directory.CreateDirectory(Path.Combine(root.FullName, "b")).FullName;
            File.WriteAllText(Path.Combine(a, "data.json"), """{"ports": {"rpc": 8545}}""");
            Directory.CreateDirectory(Path.Combine(b, "ports"));
            File.WriteAllText(Path.Combine(b, "ports", "data.yaml"), "metrics: 6060\n");

            var engine = PolicyEngine.LoadPaths([a, b]);
            Assert.Equal("""{"ports":{"metrics":6060,"rpc":8545}}""", ValueJson.ToJsonString(engine.Data));

            File.WriteAllText(Path.Combine(b, "ports", "data.yaml"), "rpc: 8546\n");
            var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.LoadPaths([a, b]));
            var d = Assert.Single(ex.Diagnostics);
            Assert.Contains(Path.Combine(a, "data.json"), d.Message, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(b, "ports", "data.yaml"), d.Message, StringComparison.Ordinal);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }
}
