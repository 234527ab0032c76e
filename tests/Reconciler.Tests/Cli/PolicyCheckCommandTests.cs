using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`policy check` like `opa check`: every .rego file parsed and compiled together, errors located.</summary>
public sealed class PolicyCheckCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("pcheck");

    public void Dispose() => _temp.Dispose();

    private string Policies(params (string File, string Text)[] files)
    {
        var dir = _temp.Combine("policies");
        foreach (var (file, text) in files)
        {
            var path = Path.Combine(dir, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
        }

        return dir;
    }

    [Fact]
    public async Task ValidPolicies_ImportingEachOther_ExitZeroQuietly()
    {
        var dir = Policies(
            ("lib/names.rego", "package lib.names\n\nowner := \"platform\"\n"),
            ("admission.rego", "package fleet.admission\n\nimport data.lib.names\n\nowner := names.owner\n"));

        var result = await new CliRunner(_temp.Combine("home")).RunAsync("policy", "check", dir);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(string.Empty, result.All);
    }

    [Fact]
    public async Task ParseError_IsLocatedWithOpasCode_AndExitsOne()
    {
        var dir = Policies(("sub/bad.rego", "package bad\n\nallow if {\n"));

        var result = await new CliRunner(_temp.Combine("home")).RunAsync("policy", "check", dir);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"^sub/bad\.rego:\d+:\d+: rego_parse_error: ", result.Stderr);
    }

    [Fact]
    public async Task CompileError_IsLocatedWithOpasCode_AndExitsOne()
    {
        var dir = Policies(("unknown.rego", "package unknown\n\nallow if no_such_function(1)\n"));

        var result = await new CliRunner(_temp.Combine("home")).RunAsync("policy", "check", dir);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Matches(@"^unknown\.rego:3:\d+: rego_\w+_error: ", result.Stderr);
    }

    [Fact]
    public async Task Strict_RejectsRepeatedAndUnusedImports_ThatPlainCheckAccepts()
    {
        var dir = Policies(
            ("lib/names.rego", "package lib.names\n\nowner := \"platform\"\n"),
            ("lib/limits.rego", "package lib.limits\n\nmax := 3\n"),
            ("admission.rego", "package fleet.admission\n\nimport data.lib.names\nimport data.lib.limits\nimport data.other.names\n\nowner := names.owner\n"));
        var cli = new CliRunner(_temp.Combine("home"));

        var plain = await cli.RunAsync("policy", "check", dir);
        var strict = await cli.RunAsync("policy", "check", "--strict", dir);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.True(strict.ExitCode == 1, strict.ToString());
        var lines = strict.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("admission.rego:4:", lines[0], StringComparison.Ordinal);
        Assert.Contains("rego_compile_error: import data.lib.limits is never used", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("admission.rego:5:", lines[1], StringComparison.Ordinal);
        Assert.Contains("repeats the name names", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Strict_ImportUsedInAFunctionBodyOrRuleHead_IsUsed()
    {
        var dir = Policies(
            ("lib/names.rego", "package lib.names\n\nowner := \"platform\"\n\nteams := {\"a\"}\n"),
            ("admission.rego", "package fleet.admission\n\nimport data.lib.names\nimport data.lib.names.teams\nimport rego.v1\n\nowner := names.owner\n\nknown(t) if t in teams\n"));

        var result = await new CliRunner(_temp.Combine("home")).RunAsync("policy", "check", "--strict", dir);

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
