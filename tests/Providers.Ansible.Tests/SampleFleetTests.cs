using System.Text.Json;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests;

/// <summary>
/// The sample fleet's Ansible pool (samples/fleet-repo/ansible) runs on this machine with real
/// ansible-core, as the demo does: apply, plan at zero, drift, heal.
/// </summary>
[Collection(AnsibleCollection.Name)]
public sealed class SampleFleetTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gitopsfleet-ansible-sample-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task SampleArchivePool_AppliesThenHasNoDrift_AndHandEditsAreDrift()
    {
        TestRepository.RequireAnsible();
        var repo = Path.Combine(_root, "repo");
        CopyDirectory(Path.Combine(RepositoryRoot(), "samples", "fleet-repo"), repo);
        var state = Path.Combine(_root, "state");
        var options = TestRepository.Options();
        options.StateDirectory = state;
        var provider = new AnsibleProvider(options);
        // The values of pools/bare-metal-archive.yaml.
        var pool = TestRepository.Pool(name: "bare-metal-archive", version: "3.2.2") with
        {
            Software = new SoftwareSpec("erigon", "3.2.2", new SoftwareSpec("lighthouse", "v8.0.0")),
            Ansible = new AnsibleSpec("ansible/inventory.ini", "archive", "ansible/site.yml",
                JsonSerializer.SerializeToElement(new { network = "mainnet", prune_mode = "archive", metrics_port = 6061 })),
        };
        var scope = new FleetScope("mainnet", "sample", repo, null, [pool]);

        Assert.True((await provider.CheckAvailabilityAsync(scope, CancellationToken.None)).IsAvailable);
        var layout = await provider.LayoutAsync(scope, pool, 2, CancellationToken.None);
        Assert.Equal(["archive-0", "archive-1"], layout.Select(n => n.Name));
        foreach (var node in layout)
        {
            var result = await provider.ApplyAsync(TestRepository.Action(ActionKind.Create, scope, pool, node.Name), scope, CancellationToken.None);
            Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message + string.Join('\n', result.Details));
        }
        var conf = Path.Combine(state, "bare-metal-archive", "archive-0", "node.conf");
        Assert.Contains("execution_version=3.2.2", File.ReadAllText(conf));
        Assert.Contains("consensus_client=lighthouse", File.ReadAllText(conf));
        Assert.Contains("prune_mode=archive", File.ReadAllText(conf));

        var clean = await provider.ObserveAsync(scope, CancellationToken.None);
        Assert.All(clean, n => Assert.Equal(NodeState.Running, n.State));
        Assert.All(clean, n => Assert.Null(n.ProviderDrift));

        File.AppendAllText(conf, "extra=by-hand\n");
        var drifted = await provider.ObserveAsync(scope, CancellationToken.None);
        Assert.Contains("-extra=by-hand", Assert.Single(drifted.Single(n => n.Name == "archive-0").ProviderDrift!));

        var delete = await provider.ApplyAsync(TestRepository.Action(ActionKind.Delete, scope, pool, "archive-1"), scope, CancellationToken.None);
        Assert.Equal(ActionOutcome.Succeeded, delete.Outcome);
        Assert.False(Directory.Exists(Path.Combine(state, "bare-metal-archive", "archive-1")));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("GitOpsFleet.sln not found above the test's folder");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
