using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// The spine's commands and exit codes, unchanged, on the sample's bare-metal pool through Debian's real
/// ansible-playbook (hosts on this machine with ansible_connection=local).
/// </summary>
public sealed class AnsiblePipelineTests : IDisposable
{
    private readonly TempDirectory _temp = new("ans");
    private readonly string _fleet = "a" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AnsiblePool_PlanThenReconcileThenZero_HandEditIsDrift_HealRestores()
    {
        Assert.True(File.Exists("/usr/bin/ansible-playbook"), "Debian's ansible package must be installed (./test.sh installs it)");
        var sample = Path.Combine(RepoRoot.Find(), "samples", "fleet-repo");
        var repo = new FleetRepository(_temp.Combine("repo"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sample, "ansible"), "*", SearchOption.AllDirectories))
        {
            repo.Write(Path.GetRelativePath(sample, file), File.ReadAllText(file));
        }
        repo.Write("pools/bare-metal-archive.yaml", File.ReadAllText(Path.Combine(sample, "pools", "bare-metal-archive.yaml")));
        string Fleet(string action) => $"""
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: {_fleet}
            spec:
              reconcile: {"{"}interval: 1m, mode: auto, prune: true, maxParallel: 2{"}"}
              drift: {"{"}action: {action}{"}"}
            """;
        repo.Write("fleet.yaml", Fleet("pull-request")).Commit("bare-metal archive pool");
        var cli = new CliRunner(_temp.Combine("home"));

        var plan = await cli.RunAsync("plan", "--repo", repo.Path);
        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("archive-0", plan.Stdout, StringComparison.Ordinal);
        var apply = await cli.RunAsync("reconcile", "--once", "--repo", repo.Path);
        Assert.True(apply.ExitCode == 0, apply.ToString());
        var again = await cli.RunAsync("plan", "--repo", repo.Path);
        Assert.True(again.ExitCode == 0, again.ToString());

        var config = Directory.EnumerateFiles(_temp.Combine("home", "ansible"), "node.conf", SearchOption.AllDirectories)
            .Single(f => f.Contains("archive-1", StringComparison.Ordinal));
        Assert.Contains("3.2.2", File.ReadAllText(config), StringComparison.Ordinal);
        File.WriteAllText(config, "edited by hand\n");

        var drift = await cli.RunAsync("drift", "--repo", repo.Path);
        Assert.True(drift.ExitCode == 2, drift.ToString());
        Assert.Contains("archive-1", drift.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("archive-0:", drift.Stdout, StringComparison.Ordinal);
        Assert.Contains("| archive-1 | changed |", repo.ReadOnBranch($"gitopsfleet/drift/{_fleet}", $"reports/drift/{_fleet}.md"), StringComparison.Ordinal);

        repo.Write("fleet.yaml", Fleet("heal")).Commit("heal drift");
        var heal = await cli.RunAsync("reconcile", "--once", "--repo", repo.Path);
        Assert.True(heal.ExitCode == 0, heal.ToString());
        Assert.Contains("3.2.2", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Equal(0, (await cli.RunAsync("drift", "--repo", repo.Path)).ExitCode);
    }

    public void Dispose() => _temp.Dispose();
}
