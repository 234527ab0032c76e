using System.Runtime.Versioning;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>
/// Which ansible processes a `plan` starts, seen through recording stand-ins first on PATH: each writes its
/// name to a log and hands over to the real tool, so the run itself is unchanged.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PlanCommandTests : IDisposable
{
    private static readonly string[] Tools = ["ansible-playbook", "ansible-inventory", "ansible-doc"];
    private readonly TempDirectory _temp = new("plan");
    private readonly string _fleet = "p" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Plan_FleetWithoutAnsiblePools_StartsNoAnsibleProcess()
    {
        var repo = new FleetRepository(_temp.Combine("repo"));
        repo.Write("fleet.yaml", FleetYaml())
            .Write("pools/rpc.yaml", "apiVersion: gitopsfleet.dev/v1\nkind: NodePool\nmetadata:\n  name: rpc\nspec:\n  provider: local\n  software: {name: geth, version: 1.16.7}\n  replicas: {min: 1, max: 1}\n")
            .Commit("local pool only");

        var (environment, log) = RecordingTools();
        var plan = await new CliRunner(_temp.Combine("home")).RunWithAsync(environment, "plan", "--repo", repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.False(File.Exists(log), "ansible processes were started: " + (File.Exists(log) ? File.ReadAllText(log) : ""));
    }

    [Fact]
    public async Task Plan_AnsibleFleet_ListsTheInventoryOncePerRun()
    {
        var sample = Path.Combine(RepoRoot.Find(), "samples", "fleet-repo");
        var repo = new FleetRepository(_temp.Combine("repo"));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(sample, "ansible"), "*", SearchOption.AllDirectories))
        {
            repo.Write(Path.GetRelativePath(sample, file), File.ReadAllText(file));
        }
        repo.Write("pools/bare-metal-archive.yaml", File.ReadAllText(Path.Combine(sample, "pools", "bare-metal-archive.yaml")))
            .Write("fleet.yaml", FleetYaml())
            .Commit("bare-metal archive pool");

        var (environment, log) = RecordingTools();
        var plan = await new CliRunner(_temp.Combine("home")).RunWithAsync(environment, "plan", "--repo", repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("archive-0", plan.Stdout, StringComparison.Ordinal);
        var started = File.ReadAllLines(log);
        Assert.Contains("ansible-playbook", started);
        Assert.Single(started, s => s == "ansible-inventory");
    }

    private string FleetYaml() => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: {_fleet}
        spec:
          reconcile: {"{"}interval: 1m, mode: auto, prune: true{"}"}
        """;

    /// <summary>A folder of stand-ins for the ansible tools, and the environment that puts it first on PATH.</summary>
    private (Dictionary<string, string> Environment, string Log) RecordingTools()
    {
        var bin = _temp.Combine("recording-bin");
        var log = _temp.Combine("started.log");
        Directory.CreateDirectory(bin);
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var tool in Tools)
        {
            var real = path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
            Assert.True(real is not null, $"{tool} is not installed (Debian's ansible package; ./test.sh installs it)");
            var script = Path.Combine(bin, tool);
            File.WriteAllText(script, $"#!/bin/sh\necho {tool} >> '{log}'\nexec '{real}' \"$@\"\n");
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return (new Dictionary<string, string> { ["PATH"] = bin + Path.PathSeparator + path }, log);
    }
}
