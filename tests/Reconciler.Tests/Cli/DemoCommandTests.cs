using System.Text.RegularExpressions;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>
/// `demo` as a newcomer reads it: short, every story told, each unavailable provider explained once, nothing left running.
/// Ansible is made unavailable on purpose, so the test tells the same story on every machine (and runs quickly).
/// </summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("demo");
    private string? _fleet;

    public void Dispose()
    {
        if (_fleet is not null) NodeProcesses.KillFleet(_fleet);
        _temp.Dispose();
    }

    [Fact]
    public async Task Demo_TellsFiveStories_InUnderSixtyLines_ExplainingEachMissingProviderOnce()
    {
        var cli = new CliRunner(_temp.Combine("home"));
        // Ansible is installed where the suite runs; the demo leaves it out unless asked (`--ansible`), to stay short.
        var result = await cli.RunAsync("demo");
        _fleet = Regex.Match(result.Stdout, "fleet '([^']+)'").Groups[1].Value;

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length < 60, $"{lines.Length} lines:\n{result.Stdout}");

        // Story 1: a killed node becomes a drift pull request, then heals.
        Assert.Contains("Story 1, a node killed", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"drift\s+missing: node \S+ is gone", result.Stdout);
        Assert.Matches(@"pr\s+#1 \[open\]", result.Stdout);
        // Story 2: a denied commit, with its rule and policy file, then reverted.
        Assert.Contains("Story 2, a commit policy denies", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"denied\s+admission: pool eth-rpc: geth 1\.17\.0 is not an approved version", result.Stdout);
        Assert.Contains("by rule data.fleet.admission.deny in policies/fleet/admission.rego", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"revert\s+[0-9a-f]{12} reverts [0-9a-f]{12}", result.Stdout);
        // Story 3: the scaling script's decision with the metrics it read.
        Assert.Contains("Story 3, the scaling script", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"read\s+sum\(rate\(rpc_requests\[5m\]\)\) = ", result.Stdout);
        Assert.Matches(@"decision\s+eth-rpc: 2 -> \d+ replica", result.Stdout);
        // Story 4: a dead validator's replacement waits, is approved as `approve` does it, and the next run applies exactly it.
        Assert.Contains("Story 4, a validator dies", result.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"run (\d+)\s+waiting-approval: node\(s\) eth-validator-0 died", result.Stdout);
        Assert.Matches(@"approved by demo \(plan [0-9a-f]{40}:[0-9a-f]{64}\)", result.Stdout);
        Assert.Matches(@"applied\s+replace eth-validator-0: succeeded; approval approved", result.Stdout);
        // Story 5: a value changed by hand, edited into the pool file by the drift pull request.
        Assert.Contains("Story 5, a value changed by hand", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("+ software: {name: kubo, version: 0.38.1}", result.Stdout, StringComparison.Ordinal);

        // Each unavailable provider: one short line, never its full list of ways to configure it.
        Assert.Single(lines, l => l.Contains("not here  azure:", StringComparison.Ordinal));
        Assert.Single(lines, l => l.Contains("not here  ansible: left out of the demo to keep it short (demo --ansible includes it)", StringComparison.Ordinal));
        Assert.DoesNotContain("AZURE_CLIENT_ID", result.Stdout, StringComparison.Ordinal);

        Assert.Matches(@"Stopped the \d+ node process\(es\)", result.Stdout);
        Assert.Empty(NodeProcesses.OfFleet(_fleet));
    }
}
