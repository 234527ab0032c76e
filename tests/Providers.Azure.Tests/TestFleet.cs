using GitOpsFleet.Providers.Azure.Tests.Fakes;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Azure.Tests;

/// <summary>The fleet "mainnet" with two Azure pools: eth-rpc in its own region, ipfs in the fleet's location.</summary>
internal static class TestFleet
{
    public const string Name = "mainnet";

    public static PoolSpec Pool(string name, string? region, string size, string image = "ubuntu-24.04",
        IReadOnlyDictionary<string, string>? labels = null, int? storageGiB = null) =>
        new(
            Name: name,
            Labels: labels ?? new Dictionary<string, string> { ["chain"] = "ethereum", ["role"] = "rpc" },
            Provider: "azure",
            Region: region,
            Machine: new MachineSpec(size, image),
            Software: new SoftwareSpec("geth", "1.14.12", new SoftwareSpec("lighthouse", "5.3.0")),
            Replicas: new ReplicaRange(3, 12),
            Scaling: null,
            Network: NetworkSpec.Default,
            Storage: new StorageSpec(storageGiB, true),
            Replacement: ReplacementPolicy.Auto,
            Ansible: null,
            SourcePath: $"pools/{name}.yaml");

    public static IReadOnlyList<PoolSpec> DefaultPools { get; } =
    [
        Pool("eth-rpc", "westeurope", "Standard_D8s_v5", storageGiB: 2048),
        Pool("ipfs", null, "Standard_D4s_v5", "debian-12", new Dictionary<string, string> { ["role"] = "storage" }),
    ];

    public static FleetScope Scope(FakeResourceManager fake, IReadOnlyList<PoolSpec>? pools = null, string location = "northeurope") =>
        Scope(new AzureSettings(fake.Subscription, fake.ResourceGroup, location), pools);

    public static FleetScope Scope(AzureSettings? azure, IReadOnlyList<PoolSpec>? pools = null)
    {
        pools ??= DefaultPools;
        var spec = new FleetSpec(
            Name, new Dictionary<string, string>(), ReconcileSettings.Default, DriftSettings.Default, PolicySettings.Default,
            null, ForgeSettings.Default, azure, pools);
        return new FleetScope(Name, "0123abcd", null, spec, pools);
    }

    public static IReadOnlyDictionary<string, string> ManagedTags(string pool, string software = "geth", string version = "1.14.12") =>
        new Dictionary<string, string>
        {
            [AzureTags.Fleet] = Name,
            [AzureTags.Pool] = pool,
            [AzureTags.ManagedBy] = AzureTags.ManagedByValue,
            [AzureTags.Software] = software,
            [AzureTags.Version] = version,
            ["chain"] = "ethereum",
        };
}
