using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary><c>plan --trace</c> on a real repository: the span tree printed to stderr after the run.</summary>
public sealed class TraceCommandTests : IDisposable
{
    private static readonly string[] StepNames = ["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];
    private readonly TempDirectory _temp = new("trace");
    private readonly string _fleet = "t" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PlanTrace_PrintsTheNineStepsInOrderUnderReconcile()
    {
        var repo = LocalFleet();

        var plan = await new CliRunner(_temp.Combine("home")).RunAsync("plan", "--repo", repo.Path, "--trace");

        Assert.True(plan.ExitCode == 2, plan.ToString());
        var lines = plan.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var root = Array.FindIndex(lines, l => l.StartsWith("reconcile ", StringComparison.Ordinal));
        Assert.True(root > 0 && lines[root - 1].StartsWith("trace ", StringComparison.Ordinal), plan.ToString());
        // Direct children of reconcile are indented by two spaces; their own children by four.
        var steps = lines.Skip(root + 1).Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l[2] != ' ').Select(l => l.Trim().Split(' ')[0]).ToList();
        Assert.Equal(StepNames, steps);
        var fetch = Array.FindIndex(lines, l => l.StartsWith("  fetch ", StringComparison.Ordinal));
        Assert.StartsWith("    git.fetch ", lines[fetch + 1], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("    provider.observe ", StringComparison.Ordinal) && l.Contains("provider=local", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  apply ", StringComparison.Ordinal) && l.Contains("outcome=skipped", StringComparison.Ordinal));
        Assert.DoesNotContain("reconcile ", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanWithoutTrace_PrintsNoSpans()
    {
        var repo = LocalFleet();

        var plan = await new CliRunner(_temp.Combine("home")).RunAsync("plan", "--repo", repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.DoesNotContain("git.fetch", plan.All, StringComparison.Ordinal);
    }

    private FleetRepository LocalFleet()
    {
        var repo = new FleetRepository(_temp.Combine("repo"));
        repo.Write("fleet.yaml", $"apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: {_fleet}\nspec:\n  reconcile: {{interval: 1m, mode: auto, prune: true}}\n")
            .Write("pools/rpc.yaml", "apiVersion: gitopsfleet.dev/v1\nkind: NodePool\nmetadata:\n  name: rpc\nspec:\n  provider: local\n  software: {name: geth, version: 1.16.7}\n  replicas: {min: 1, max: 1}\n")
            .Commit("local pool");
        return repo;
    }
}
