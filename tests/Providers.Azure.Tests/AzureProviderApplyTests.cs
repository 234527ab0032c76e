using System.Text.Json.Nodes;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Azure.Tests;

public sealed class AzureProviderApplyTests : AzureProviderFixture
{
    internal static async Task<PlannedAction> ActionAsync(AzureProvider provider, FleetScope scope, PoolSpec pool, int replicas, ActionKind kind)
    {
        var node = Assert.Single(await provider.LayoutAsync(scope, pool, replicas, CancellationToken.None));
        return new PlannedAction(kind, scope.Fleet, pool.Name, node.Name, "azure", node, null, "test");
    }

    [Fact]
    public async Task Layout_IsOneScaleSetPerPool_WithReplicasAsCapacity()
    {
        var scope = TestFleet.Scope(Fake);

        var nodes = await Provider().LayoutAsync(scope, TestFleet.DefaultPools[0], 7, CancellationToken.None);

        var node = Assert.Single(nodes);
        Assert.Equal("mainnet-eth-rpc", node.Name);
        Assert.Equal(7, node.Capacity);
        Assert.Equal("eth-rpc", node.Pool);
        Assert.Empty(Fake.Requests);
    }

    [Fact]
    public async Task Create_PutsSkuCapacityTagsImageAndLocation_AndWaitsForTheOperation()
    {
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);
        var action = await ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create);

        var result = await provider.ApplyAsync(action, scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        var put = Assert.Single(Fake.Requests, r => r.Method == "PUT");
        Assert.EndsWith("/resourceGroups/rg-fleet/providers/Microsoft.Compute/virtualMachineScaleSets/mainnet-eth-rpc", put.Path);
        var body = JsonNode.Parse(put.Body)!;
        Assert.Equal("westeurope", (string?)body["location"]);
        Assert.Equal("Standard_D8s_v5", (string?)body["sku"]!["name"]);
        Assert.Equal(3, (int?)body["sku"]!["capacity"]);
        var tags = body["tags"]!.AsObject();
        Assert.Equal("mainnet", (string?)tags[AzureTags.Fleet]);
        Assert.Equal("eth-rpc", (string?)tags[AzureTags.Pool]);
        Assert.Equal("gitopsfleet", (string?)tags[AzureTags.ManagedBy]);
        Assert.Equal("geth", (string?)tags[AzureTags.Software]);
        Assert.Equal("1.14.12", (string?)tags[AzureTags.Version]);
        Assert.Equal("lighthouse", (string?)tags[AzureTags.Consensus]);
        Assert.Equal("ethereum", (string?)tags["chain"]);
        var vm = body["properties"]!["virtualMachineProfile"]!;
        var image = vm["storageProfile"]!["imageReference"]!;
        Assert.Equal(("Canonical", "ubuntu-24_04-lts", "server", "latest"),
            ((string?)image["publisher"], (string?)image["offer"], (string?)image["sku"], (string?)image["version"]));
        Assert.Equal(2048, (int?)vm["storageProfile"]!["dataDisks"]![0]!["diskSizeGB"]);
        Assert.Equal("fleetadmin", (string?)vm["osProfile"]!["adminUsername"]);
        Assert.StartsWith("ssh-ed25519 ", (string?)vm["osProfile"]!["linuxConfiguration"]!["ssh"]!["publicKeys"]![0]!["keyData"]);
        Assert.Equal($"/subscriptions/{Fake.Subscription}/resourceGroups/rg-fleet/providers/Microsoft.Network/virtualNetworks/mainnet-vnet/subnets/westeurope",
            (string?)vm["networkProfile"]!["networkInterfaceConfigurations"]![0]!["properties"]!["ipConfigurations"]![0]!["properties"]!["subnet"]!["id"]);
        var userData = JsonNode.Parse(Convert.FromBase64String((string)vm["userData"]!))!;
        Assert.Equal("1.14.12", (string?)userData["software"]!["version"]);

        // Apply returned only after the operation reached Succeeded.
        Assert.Equal(Fake.PollsBeforeDone + 1, Fake.PollCount("put"));
        Assert.Equal("Succeeded", (string?)Fake.ScaleSet("mainnet-eth-rpc")!["properties"]!["provisioningState"]);
        Assert.Equal(3, result.Node!.Capacity);
        Assert.True(result.Node.Managed);
        Assert.Equal("eth-rpc", result.Node.Pool);
    }

    [Fact]
    public async Task Create_PoolWithoutRegion_UsesFleetLocationAndImageAlias()
    {
        var provider = Provider();
        var scope = TestFleet.Scope(Fake, location: "swedencentral");
        var action = await ActionAsync(provider, scope, TestFleet.DefaultPools[1], 2, ActionKind.Create);

        var result = await provider.ApplyAsync(action, scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        var stored = Fake.ScaleSet("mainnet-ipfs")!;
        Assert.Equal("swedencentral", (string?)stored["location"]);
        Assert.Equal("debian-12", (string?)stored["properties"]!["virtualMachineProfile"]!["storageProfile"]!["imageReference"]!["offer"]);
        var observed = Assert.Single(await provider.ObserveAsync(scope, CancellationToken.None));
        Assert.Equal(new MachineSpec("Standard_D4s_v5", "debian-12"), observed.Machine);
        Assert.Equal(new Dictionary<string, string> { ["role"] = "storage" }, observed.Labels);
    }

    [Fact]
    public async Task Scale_CapacityChange_UpdatesTheSameScaleSet()
    {
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);
        var pool = TestFleet.DefaultPools[0];
        Assert.Equal(ActionOutcome.Succeeded, (await provider.ApplyAsync(await ActionAsync(provider, scope, pool, 3, ActionKind.Create), scope, CancellationToken.None)).Outcome);
        var before = (await provider.ObserveAsync(scope, CancellationToken.None)).Single();

        var update = await ActionAsync(provider, scope, pool, 5, ActionKind.Update) with { Observed = before };
        var result = await provider.ApplyAsync(update, scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        Assert.Contains("updated", result.Message, StringComparison.Ordinal);
        var puts = Fake.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal([201, 200], puts.Select(p => p.Status));
        var after = Assert.Single(await provider.ObserveAsync(scope, CancellationToken.None));
        Assert.Equal(3, before.Capacity);
        Assert.Equal(5, after.Capacity);
        Assert.Equal(before.ProviderId, after.ProviderId);
        Assert.Equal(before.Since, after.Since);
    }

    [Fact]
    public async Task Delete_WaitsForTheLongRunningOperation()
    {
        Fake.PollsBeforeDone = 3;
        Fake.Seed("mainnet-old-pool", TestFleet.ManagedTags("old-pool"));
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);
        var observed = Assert.Single(await provider.ObserveAsync(scope, CancellationToken.None));
        var action = new PlannedAction(ActionKind.Delete, scope.Fleet, "old-pool", observed.Name, "azure", null, observed, "pool removed from Git");

        var result = await provider.ApplyAsync(action, scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        Assert.Single(Fake.Requests, r => r.Method == "DELETE");
        // The fake removes the scale set on the fourth poll only; returning earlier would leave it here.
        Assert.Equal(4, Fake.PollCount("delete"));
        Assert.Null(Fake.ScaleSet("mainnet-old-pool"));
        Assert.Empty(await provider.ObserveAsync(scope, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_AlreadyGone_Succeeds()
    {
        var scope = TestFleet.Scope(Fake);
        var action = new PlannedAction(ActionKind.Delete, scope.Fleet, "ghost", "mainnet-ghost", "azure", null, null, "test");

        var result = await Provider().ApplyAsync(action, scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Succeeded, result.Outcome);
        Assert.Equal(204, Assert.Single(Fake.Requests).Status);
    }

    [Fact]
    public async Task Create_SkuRefused_IsFailedWithAzuresCodeAndMessage()
    {
        Fake.UnavailableSkus.Add("Standard_D8s_v5");
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(await ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Equal("eth-rpc", result.Action.Pool);
        Assert.Contains("SkuNotAvailable: The requested VM size Standard_D8s_v5 is currently not available in location 'westeurope'.", result.Message, StringComparison.Ordinal);
        Assert.Contains("azure.code: SkuNotAvailable", result.Details);
        Assert.Contains("azure.status: 400", result.Details);
        Assert.Contains(result.Details, d => d.StartsWith("azure.request-id: ", StringComparison.Ordinal));
        Assert.Single(Fake.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Create_LocationRefused_IsFailedWithAzuresCode()
    {
        Fake.UnavailableLocations.Add("westeurope");
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(await ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("LocationNotAvailableForResourceType: The provided location 'westeurope' is not available", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OperationFailsAfterAcceptance_IsFailedWithTheOperationsError()
    {
        Fake.AllocationFailures.Add("Standard_D8s_v5");
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(await ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("AllocationFailed: Allocation failed.", result.Message, StringComparison.Ordinal);
        var observed = Assert.Single(await provider.ObserveAsync(scope, CancellationToken.None));
        Assert.Equal(NodeState.Unhealthy, observed.State);
    }

    [Fact]
    public async Task Create_LabelWithSlash_IsRefusedByAzuresTagRules()
    {
        var pool = TestFleet.Pool("eth-rpc", "westeurope", "Standard_D8s_v5", labels: new Dictionary<string, string> { ["app.kubernetes.io/name"] = "geth" });
        var provider = Provider();
        var scope = TestFleet.Scope(Fake, [pool]);

        var result = await provider.ApplyAsync(await ActionAsync(provider, scope, pool, 1, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("InvalidTagNameCharacters", result.Message, StringComparison.Ordinal);
        Assert.Contains("app.kubernetes.io/name", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownImage_FailsBeforeAnyRequest()
    {
        var pool = TestFleet.Pool("eth-rpc", "westeurope", "Standard_D8s_v5", image: "gentoo-rolling");
        var provider = Provider();
        var scope = TestFleet.Scope(Fake, [pool]);

        var result = await provider.ApplyAsync(await ActionAsync(provider, scope, pool, 1, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("machine.image 'gentoo-rolling'", result.Message, StringComparison.Ordinal);
        Assert.Contains("ubuntu-24.04", result.Message, StringComparison.Ordinal);
        Assert.Empty(Fake.Requests);
    }
}
