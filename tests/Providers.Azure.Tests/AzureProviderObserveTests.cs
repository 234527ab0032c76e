using GitOpsFleet.Providers.Azure.Tests.Fakes;

namespace GitOpsFleet.Providers.Azure.Tests;

public sealed class AzureProviderObserveTests : AzureProviderFixture
{
    [Fact]
    public async Task Observe_ListsOnlyScaleSetsWithTheFleetTag_HandMadeOneUnmanaged()
    {
        Fake.Seed("mainnet-eth-rpc", TestFleet.ManagedTags("eth-rpc"), "Standard_D8s_v5", capacity: 3);
        Fake.Seed("untagged-vmss", new Dictionary<string, string> { ["owner"] = "alice" });
        Fake.Seed("testnet-eth-rpc", new Dictionary<string, string>(TestFleet.ManagedTags("eth-rpc")) { [AzureTags.Fleet] = "testnet" });
        Fake.Seed("by-hand", new Dictionary<string, string> { [AzureTags.Fleet] = TestFleet.Name, ["note"] = "made in the portal" },
            "Standard_B2s", capacity: 2, image: "Debian:debian-12:12-gen2:latest");

        var nodes = await Provider().ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.Equal(["by-hand", "mainnet-eth-rpc"], nodes.Select(n => n.Name));
        var managed = nodes.Single(n => n.Name == "mainnet-eth-rpc");
        Assert.Equal("azure", managed.Provider);
        Assert.Equal("eth-rpc", managed.Pool);
        Assert.True(managed.Managed);
        Assert.Equal(3, managed.Capacity);
        Assert.Equal("geth", managed.Software!.Name);
        Assert.Equal("1.14.12", managed.Software.Version);
        Assert.Equal("Standard_D8s_v5", managed.Machine!.Size);
        Assert.Equal("ubuntu-24.04", managed.Machine.Image);
        Assert.Equal(new Dictionary<string, string> { ["chain"] = "ethereum" }, managed.Labels);
        Assert.Equal(NodeState.Running, managed.State);
        Assert.EndsWith("/virtualMachineScaleSets/mainnet-eth-rpc", managed.ProviderId);

        var byHand = nodes.Single(n => n.Name == "by-hand");
        Assert.False(byHand.Managed);
        Assert.Null(byHand.Pool);
        Assert.Null(byHand.Software);
        Assert.Equal(2, byHand.Capacity);
        Assert.Equal("debian-12", byHand.Machine!.Image);
        Assert.Equal("made in the portal", byHand.Labels["note"]);
    }

    [Fact]
    public async Task Observe_FollowsNextLink_AndSendsBearerTokenOverHttps()
    {
        Fake.PageSize = 1;
        Fake.Seed("mainnet-a", TestFleet.ManagedTags("a"));
        Fake.Seed("mainnet-b", TestFleet.ManagedTags("b"));
        Fake.Seed("mainnet-c", TestFleet.ManagedTags("c"));

        var nodes = await Provider().ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.Equal(3, nodes.Count);
        var lists = Fake.Requests.Where(r => r.Path.EndsWith("/virtualMachineScaleSets", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, lists.Count);
        Assert.All(Fake.Requests, r =>
        {
            Assert.Equal("https", r.Scheme);
            Assert.Equal($"Bearer {FakeResourceManager.Token}", r.Authorization);
            Assert.Equal(FakeResourceManager.ComputeApiVersion, r.ApiVersion);
        });
        Assert.True(Credential.Requests >= 1);
    }

    [Fact]
    public async Task Observe_PoolTagWithoutPoolInGit_IsReportedWithThatPoolName()
    {
        Fake.Seed("mainnet-old-pool", TestFleet.ManagedTags("old-pool"));

        var node = Assert.Single(await Provider().ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None));

        Assert.Equal("old-pool", node.Pool);
        Assert.True(node.Managed);
        Assert.DoesNotContain(TestFleet.DefaultPools, p => p.Name == node.Pool);
    }

    [Fact]
    public async Task Observe_MissingResourceGroup_IsEmpty()
    {
        var scope = TestFleet.Scope(new Model.AzureSettings(Fake.Subscription, "rg-does-not-exist", "westeurope"));

        var nodes = await Provider().ObserveAsync(scope, CancellationToken.None);

        Assert.Empty(nodes);
        Assert.Contains(Fake.Requests, r => r.Status == 404 && r.Path.Contains("rg-does-not-exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observe_TokenRefused_ThrowsWithAzuresCode()
    {
        var provider = Provider(o => o.CredentialFactory = () => new FixedTokenCredential("someone-elses-token"));

        var error = await Assert.ThrowsAsync<AzureProviderException>(() => provider.ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None));

        Assert.Equal("AuthenticationFailed", error.ErrorCode);
        Assert.Equal(401, error.Status);
        Assert.False(error.IsTransient);
        Assert.Contains("rg-fleet", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Observe_UnknownSubscription_ThrowsInsteadOfReadingAsEmpty()
    {
        var scope = TestFleet.Scope(new Model.AzureSettings("11111111-2222-3333-4444-555555555555", Fake.ResourceGroup, "westeurope"));

        var error = await Assert.ThrowsAsync<AzureProviderException>(() => Provider().ObserveAsync(scope, CancellationToken.None));

        Assert.Equal("SubscriptionNotFound", error.ErrorCode);
        Assert.Contains("could not be found", error.Message, StringComparison.Ordinal);
    }
}
