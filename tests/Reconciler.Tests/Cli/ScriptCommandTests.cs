using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`script run` with the run's engine settings: the compiled-script cache of the state home, and --no-cache for a cold compile.</summary>
public sealed class ScriptCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("script");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ScriptRun_SecondRunLoadsTheCompiledScriptFromTheStateHome_NoCacheCompilesAgain()
    {
        var script = _temp.Combine("double.csx");
        File.WriteAllText(script, "return Current * 2;\n");
        var cli = new CliRunner(_temp.Combine("home"));
        string[] args = ["script", "run", script, "--current", "2", "--min", "1", "--max", "8"];

        var first = await cli.RunAsync(args);
        var second = await cli.RunAsync(args);
        var cold = await cli.RunAsync([.. args, "--no-cache"]);

        foreach (var run in new[] { first, second, cold })
        {
            Assert.True(run.ExitCode == 0, run.ToString());
            Assert.Equal("4", run.Stdout.TrimEnd().Split('\n')[^1]);
        }
        Assert.Contains("compiled: now, stored in the cache", first.Stdout, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.EnumerateFiles(_temp.Combine("home", "scripts"), "*.entry"));
        Assert.Contains("compiled: loaded from the cache", second.Stdout, StringComparison.Ordinal);
        Assert.Contains("compiled: now, cache not used", cold.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScriptRun_BudgetsComeFromConfiguration()
    {
        var script = _temp.Combine("spin.csx");
        File.WriteAllText(script, "var n = 0;\nwhile (true) { n++; }\n");
        var cli = new CliRunner(_temp.Combine("home"));

        var run = await cli.RunWithAsync(new Dictionary<string, string> { ["GITOPSFLEET__Scripting__CpuBudget"] = "00:00:00.050" },
            "script", "run", script, "--current", "2", "--min", "1", "--max", "8");

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("CPU budget of 50 ms", run.All, StringComparison.Ordinal);
    }
}
