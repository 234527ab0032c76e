using GitOpsFleet.Policies.Loading;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Tests.Loading;

/// <summary>A bundle's .manifest sets the Rego version of its modules: rego_version for all, file_rego_versions per glob.</summary>
public sealed class PolicyManifestTests : IDisposable
{
    private const string V0Deny = "package main\n\ndeny[msg] {\n    input.bad\n    msg := \"bad\"\n}\n";
    private const string V1Deny = "package modern\n\ndeny contains \"modern\" if input.bad\n";

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "manifest-" + Guid.NewGuid().ToString("N"));

    private static PolicyFile Tree(string path, string text) => PolicyFile.FromTree(path, text)!;

    private static RegoVersion VersionOf(IReadOnlyList<RegoSource> sources, string file) => sources.Single(s => s.File == file).Version;

    [Fact]
    public void RegoVersion0_AppliesToEveryModule_OverTheCallersDefault()
    {
        var (sources, _) = PolicyBundle.Read([Tree(".manifest", """{"rego_version": 0}"""), Tree("a.rego", V0Deny), Tree("x/b.rego", V0Deny)]);

        Assert.All(sources, s => Assert.Equal(RegoVersion.V0, s.Version));
    }

    [Fact]
    public void FileRegoVersions_OverrideThePerBundleVersion_ByGlob()
    {
        var (sources, _) = PolicyBundle.Read([
            Tree(".manifest", """{"rego_version": 1, "file_rego_versions": {"/legacy/*.rego": 0, "**/old.rego": 0}}"""),
            Tree("legacy/a.rego", V0Deny),
            Tree("legacy/deeper/b.rego", V1Deny),
            Tree("old.rego", V0Deny),
            Tree("x/y/old.rego", V0Deny),
            Tree("new.rego", V1Deny),
        ], version: RegoVersion.V0);

        Assert.Equal(RegoVersion.V0, VersionOf(sources, "legacy/a.rego"));
        Assert.Equal(RegoVersion.V1, VersionOf(sources, "legacy/deeper/b.rego"));
        Assert.Equal(RegoVersion.V0, VersionOf(sources, "old.rego"));
        Assert.Equal(RegoVersion.V0, VersionOf(sources, "x/y/old.rego"));
        Assert.Equal(RegoVersion.V1, VersionOf(sources, "new.rego"));
    }

    [Fact]
    public void NoVersionInTheManifest_LeavesTheCallersDefault()
    {
        var (sources, _) = PolicyBundle.Read([Tree(".manifest", """{"revision": "abc"}"""), Tree("a.rego", V0Deny)], version: RegoVersion.V0);

        Assert.Equal(RegoVersion.V0, Assert.Single(sources).Version);
    }

    [Fact]
    public void NestedManifests_TheDeepestThatSetsAVersionWins()
    {
        var (sources, _) = PolicyBundle.Read([
            Tree(".manifest", """{"rego_version": 0}"""),
            Tree("a/.manifest", """{"rego_version": 1}"""),
            Tree("b/.manifest", """{"revision": "x"}"""),
            Tree("a/p.rego", V1Deny),
            Tree("b/p.rego", V0Deny),
        ]);

        Assert.Equal(RegoVersion.V1, VersionOf(sources, "a/p.rego"));
        Assert.Equal(RegoVersion.V0, VersionOf(sources, "b/p.rego"));
    }

    [Theory]
    [InlineData("""{"rego_version": 2}""", "rego_version")]
    [InlineData("""{"file_rego_versions": {"*.rego": "v0"}}""", "file_rego_versions")]
    [InlineData("not json", "bundle manifest")]
    public void BadManifest_IsALocatedError(string manifest, string named)
    {
        var ex = Assert.Throws<PolicyCompileException>(() => PolicyBundle.Read([Tree("sub/.manifest", manifest), Tree("a.rego", V0Deny)]));

        var d = Assert.Single(ex.Diagnostics);
        Assert.Equal("sub/.manifest", d.Location!.File);
        Assert.Contains(named, d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadPaths_ReadsTheManifestOfEachFolder()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "legacy"));
        File.WriteAllText(Path.Combine(_dir, ".manifest"), """{"rego_version": 0, "file_rego_versions": {"/modern.rego": 1}}""");
        File.WriteAllText(Path.Combine(_dir, "legacy", "deny.rego"), V0Deny);
        File.WriteAllText(Path.Combine(_dir, "modern.rego"), V1Deny);

        var engine = PolicyEngine.LoadPaths([_dir]);

        var input = ValueJson.Parse("""{"bad": true}""");
        Assert.Equal("""["bad"]""", ValueJson.ToJsonString(engine.EvaluateDocument("main.deny", input)!));
        Assert.Equal("""["modern"]""", ValueJson.ToJsonString(engine.EvaluateDocument("modern.deny", input)!));
    }

    [Fact]
    public void WithoutAManifest_AV0FolderNeedsTheVersion()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(Path.Combine(_dir, "deny.rego"), V0Deny);

        var ex = Assert.Throws<PolicyCompileException>(() => PolicyEngine.LoadDirectory(_dir));
        Assert.Equal(("deny.rego", 3), (ex.Diagnostics[0].Location!.File, ex.Diagnostics[0].Location!.Line));

        var engine = PolicyEngine.LoadDirectory(_dir, version: RegoVersion.V0);
        Assert.Equal("""["bad"]""", ValueJson.ToJsonString(engine.EvaluateDocument("main.deny", ValueJson.Parse("""{"bad": true}"""))!));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
