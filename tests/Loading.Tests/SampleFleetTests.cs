using GitOpsFleet.Model;

namespace GitOpsFleet.Loading.Tests;

public sealed class SampleFleetTests
{
    private static FleetLoadResult LoadSample() =>
        new FleetLoader().Load(InMemorySnapshot.FromDirectory(Path.Combine(Fixtures.RepositoryRoot(), "samples", "fleet-repo")));

    [Fact]
    public void Sample_LoadsWithoutAnyDiagnostic()
    {
        var result = LoadSample();

        Assert.Empty(Fixtures.Lines(result));
        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Sample_DescribesTheMainnetFleet()
    {
        var fleet = LoadSample().Fleet!;

        Assert.Equal("mainnet", fleet.Name);
        Assert.Equal(new ReconcileSettings(TimeSpan.FromMinutes(2), null, ReconcileMode.Auto, true, false, 4), fleet.Reconcile);
        Assert.Equal(DriftAction.PullRequest, fleet.Drift.Action);
        Assert.Equal(PolicySettings.Default, fleet.Policies);
        Assert.Equal(ForgeKind.Local, fleet.Forge.Kind);
        Assert.Equal("gitopsfleet-demo", fleet.Azure!.ResourceGroup);

        var pools = fleet.Pools.ToDictionary(p => p.Name);
        // Ordinal order of the file names: "eth-rpc-azure-westeu.yaml" sorts before "eth-rpc.yaml" ('-' < '.').
        Assert.Equal(
            ["bare-metal-archive", "erpc-gateway", "eth-devnet", "eth-rpc-azure-westeu", "eth-rpc", "eth-validator", "ipfs-gateway"],
            fleet.Pools.Select(p => p.Name));

        var rpc = pools["eth-rpc"];
        Assert.Equal(new SoftwareSpec("geth", "1.16.7", new SoftwareSpec("lighthouse", "v8.0.0")), rpc.Software);
        Assert.Equal(new ScalingSpec("scaling/rpc-autoscale.csx", TimeSpan.FromMinutes(2)), rpc.Scaling);
        Assert.Empty(rpc.Network.PublicIngress);

        var validator = pools["eth-validator"];
        Assert.Equal(validator.Replicas.Min, validator.Replicas.Max);
        Assert.Null(validator.Scaling);
        Assert.Equal(ReplacementPolicy.Manual, validator.Replacement);

        Assert.Equal([443], pools["erpc-gateway"].Network.PublicIngress);
        Assert.StartsWith("0.38.", pools["ipfs-gateway"].Software.Version);

        var archive = pools["bare-metal-archive"];
        Assert.Equal("ansible", archive.Provider);
        Assert.Equal(("ansible/inventory.ini", "archive", "ansible/site.yml"), (archive.Ansible!.Inventory, archive.Ansible.Group, archive.Ansible.Playbook));
        Assert.Equal("mainnet", archive.Ansible.Vars!.Value.GetProperty("network").GetString());

        var azure = pools["eth-rpc-azure-westeu"];
        Assert.Equal(("azure", "westeurope"), (azure.Provider, azure.Region));
        Assert.Equal(new MachineSpec("Standard_D8s_v5", "ubuntu-24.04"), azure.Machine);

        Assert.All(fleet.Pools, p => Assert.True(p.Storage.Encrypted, p.Name));
        Assert.All(fleet.Pools, p => Assert.Equal("private", p.Network.Ssh));
        // The demo starts the local pools' minimum replicas as processes on this machine: keep it small.
        Assert.InRange(fleet.Pools.Where(p => p.Provider == "local").Sum(p => p.Replicas.Min), 1, 8);
    }
}
