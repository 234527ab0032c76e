using GitOpsFleet.Model;
using GitOpsFleet.Providers.Azure.Tests.Fakes;

namespace GitOpsFleet.Providers.Azure.Tests;

/// <summary>Doppelganger check of a validator scale set against the fake Resource Manager's instance views.</summary>
public sealed class AzureProviderGoneTests : AzureProviderFixture
{
    private const string Node = "mainnet-validator";

    private static readonly PoolSpec Validator = TestFleet.Pool("validator", "westeurope", "Standard_D4s_v5") with { Replacement = ReplacementPolicy.Manual };

    [Fact]
    public async Task ConfirmGone_InstanceRunning_SaysStillThere_NamingNodeAndPowerState()
    {
        Fake.Seed(Node, TestFleet.ManagedTags("validator"));
        Fake.SetPowerStates(Node, "running");

        var reason = await ConfirmAsync(Provider());

        Assert.NotNull(reason);
        Assert.Contains(Node, reason);
        Assert.Contains("PowerState/running", reason);
        Assert.Contains(Fake.Requests, r => r.Path.EndsWith($"/{Node}/virtualMachines", StringComparison.Ordinal) && r.Status == 200);
    }

    [Theory]
    [InlineData("deallocated")]
    [InlineData("stopped")]
    public async Task ConfirmGone_EveryInstanceOff_IsGone(string state)
    {
        Fake.PageSize = 1;
        Fake.Seed(Node, TestFleet.ManagedTags("validator"), capacity: 2);
        Fake.SetPowerStates(Node, state, "deallocated");

        Assert.Null(await ConfirmAsync(Provider()));
        // Both pages were read: an instance on a later page must not be missed.
        Assert.Equal(2, Fake.Requests.Count(r => r.Path.EndsWith("/virtualMachines", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ConfirmGone_ScaleSetDeleted_IsGone()
    {
        Assert.Null(await ConfirmAsync(Provider()));
        Assert.Contains(Fake.Requests, r => r.Status == 404);
    }

    [Fact]
    public async Task ConfirmGone_InstancesStoppingOrWithoutPowerState_SaysStillThere_ListingEach()
    {
        Fake.Seed(Node, TestFleet.ManagedTags("validator"), capacity: 3);
        Fake.SetPowerStates(Node, "deallocated", "deallocating", null);

        var reason = await ConfirmAsync(Provider());

        Assert.NotNull(reason);
        Assert.Contains($"{Node}_1 (PowerState/deallocating)", reason);
        Assert.Contains($"{Node}_2 (no power state reported)", reason);
        Assert.DoesNotContain($"{Node}_0", reason);
    }

    [Fact]
    public async Task ConfirmGone_EndpointError_SaysStillThere()
    {
        Fake.Seed(Node, TestFleet.ManagedTags("validator"));
        Fake.SetPowerStates(Node, "deallocated");
        Fake.Inject(new InjectedFault(FaultKind.InternalError, "GET", "/virtualMachines"));

        var reason = await ConfirmAsync(Provider(o => o.MaxRetries = 0));

        Assert.NotNull(reason);
        Assert.Contains(Node, reason);
        Assert.Contains("InternalServerError", reason);
    }

    [Fact]
    public async Task ConfirmGone_SubscriptionNotFound_IsNotTakenForDeleted()
    {
        var scope = TestFleet.Scope(new AzureSettings("00000000-0000-0000-0000-0000000000ff", Fake.ResourceGroup, "westeurope"), [Validator]);

        var reason = await Provider().ConfirmGoneAsync(Action(scope), scope, CancellationToken.None);

        Assert.NotNull(reason);
        Assert.Contains("SubscriptionNotFound", reason);
    }

    [Fact]
    public async Task ConfirmGone_FleetWithoutAzureSettings_SaysItCannotAsk()
    {
        var scope = TestFleet.Scope((AzureSettings?)null, [Validator]);

        var reason = await Provider().ConfirmGoneAsync(Action(scope), scope, CancellationToken.None);

        Assert.NotNull(reason);
        Assert.Contains("no azure settings", reason);
        Assert.Empty(Fake.Requests);
    }

    private async Task<string?> ConfirmAsync(AzureProvider provider)
    {
        var scope = TestFleet.Scope(Fake, [Validator]);
        return await provider.ConfirmGoneAsync(Action(scope), scope, CancellationToken.None);
    }

    private static PlannedAction Action(FleetScope scope) =>
        new(ActionKind.Replace, scope.Fleet, Validator.Name, Node, AzureProvider.ProviderName,
            new DesiredNode(scope.Fleet, Validator.Name, Node, AzureProvider.ProviderName, Validator.Software, Validator.Machine, Validator.Labels, 1),
            null, "test");
}
