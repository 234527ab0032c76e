using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`gitopsfleet node` as a person meets it: help on request, usage on a mistake.</summary>
public sealed class NodeCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("node-cli");

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_PrintsUsageOnStdout_AndExitsZero(string flag)
    {
        var result = await new CliRunner(_temp.Combine("home")).RunAsync("node", flag);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("usage: gitopsfleet node --fleet", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown option", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownOption_StillExitsTwo_WithUsageOnStderr()
    {
        var result = await new CliRunner(_temp.Combine("home")).RunAsync("node", "--bogus");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown option '--bogus'", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("usage:", result.Stderr, StringComparison.Ordinal);
    }
}
