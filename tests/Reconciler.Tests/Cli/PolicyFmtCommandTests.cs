using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`policy fmt` like `opa fmt`: canonical text to stdout, --list, --diff, --write, --fail and OPA's exit codes.</summary>
public sealed class PolicyFmtCommandTests : IDisposable
{
    private const string Unformatted = "package p\n\np if { 1 > 0 }\nq[x] = y if {\n  y := 1\n  x := \"a\"\n}\n";

    private const string Formatted = "package p\n\np if 1 > 0\n\nq[x] := y if {\n\ty := 1\n\tx := \"a\"\n}\n";

    private readonly TempDirectory _temp = new("pfmt");

    public void Dispose() => _temp.Dispose();

    private string Policy(string name, string text)
    {
        var path = _temp.Combine(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private Task<CliResult> Fmt(params string[] args) => new CliRunner(_temp.Combine("home")).RunAsync(["policy", "fmt", .. args]);

    [Fact]
    public async Task NoFlags_PrintsFormattedText_LeavesFileAndExitsZero()
    {
        var file = Policy("a.rego", Unformatted);

        var result = await Fmt(file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(Formatted, result.Stdout);
        Assert.Equal(Unformatted, File.ReadAllText(file));
    }

    [Fact]
    public async Task ListWithFail_UnformattedFile_ListedAndExitsTwo()
    {
        var dir = _temp.Combine("policies");
        var bad = Policy("policies/a.rego", Unformatted);
        Policy("policies/sub/ok.rego", Formatted);

        var result = await Fmt("--list", "--fail", dir);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(bad + "\n", result.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Fail_FormattedFile_ExitsZeroQuietly()
    {
        var file = Policy("ok.rego", Formatted);

        var result = await Fmt("--list", "--fail", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.All);
    }

    [Fact]
    public async Task Write_RewritesFile_ThenNothingLeftToChange()
    {
        var file = Policy("a.rego", Unformatted);

        var first = await Fmt("--write", file);
        var second = await Fmt("--list", "--fail", file);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(Formatted, File.ReadAllText(file));
        Assert.True(second.ExitCode == 0, second.ToString());
    }

    [Fact]
    public async Task Diff_PrintsUnifiedDiff()
    {
        var file = Policy("a.rego", Unformatted);

        var result = await Fmt("--diff", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("@@ -1,7 +1,8 @@", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n-p if { 1 > 0 }\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n+p if 1 > 0\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n+\tx := \"a\"\n", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParseError_IsLocatedAndExitsOne()
    {
        var file = Policy("bad.rego", "package p\n\nallow if {\n  x ==\n}\n");

        var result = await Fmt("--fail", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("bad.rego:5:1: rego_parse_error: ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task V0Compatible_V0Module_WrittenAsV1WithRegoV1Import()
    {
        var file = Policy("v0.rego", "package k8s\n\ndeny[msg] {\n  msg := \"no\"\n}\n");

        var result = await Fmt("--v0-compatible", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("package k8s\n\nimport rego.v1\n\ndeny contains msg if {\n\tmsg := \"no\"\n}\n", result.Stdout);
    }
}
