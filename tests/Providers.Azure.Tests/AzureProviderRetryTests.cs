using System.Diagnostics;
using GitOpsFleet.Providers.Azure.Tests.Fakes;

namespace GitOpsFleet.Providers.Azure.Tests;

/// <summary>Back-off is real time here (the SDK's retry policy has no clock seam), so delays are kept to about a second.</summary>
public sealed class AzureProviderRetryTests : AzureProviderFixture
{
    private const string ListPath = "/virtualMachineScaleSets";

    private TimeSpan GapBetweenFirstTwoRequests(string method)
    {
        var requests = Fake.Requests.Where(r => r.Method == method).ToList();
        Assert.True(requests.Count >= 2, $"expected a retry, saw {requests.Count} {method} request(s)");
        return Stopwatch.GetElapsedTime(requests[0].Timestamp, requests[1].Timestamp);
    }

    [Fact]
    public async Task Throttled_ListIsRetriedAfterRetryAfter()
    {
        Fake.Seed("mainnet-eth-rpc", TestFleet.ManagedTags("eth-rpc"));
        Fake.Inject(new InjectedFault(FaultKind.Throttle, "GET", ListPath, RetryAfterSeconds: 1));

        var nodes = await Provider().ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.Single(nodes);
        Assert.Equal([429, 200], Fake.Requests.Select(r => r.Status));
        // The provider's own back-off is 10 ms; only Retry-After explains a one-second wait.
        Assert.True(GapBetweenFirstTwoRequests("GET") >= TimeSpan.FromMilliseconds(950), $"retried after {GapBetweenFirstTwoRequests("GET")}");
    }

    [Fact]
    public async Task ServiceUnavailableWithoutRetryAfter_IsRetriedWithTheShortBackOff()
    {
        Fake.Inject(new InjectedFault(FaultKind.ServiceUnavailable, "GET", ListPath));
        Fake.Inject(new InjectedFault(FaultKind.InternalError, "GET", ListPath));

        var nodes = await Provider().ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.Empty(nodes);
        Assert.Equal([503, 500, 200], Fake.Requests.Select(r => r.Status));
        Assert.True(GapBetweenFirstTwoRequests("GET") < TimeSpan.FromMilliseconds(900), $"retried after {GapBetweenFirstTwoRequests("GET")}");
    }

    [Fact]
    public async Task ConnectionReset_IsRetried()
    {
        Fake.Seed("mainnet-eth-rpc", TestFleet.ManagedTags("eth-rpc"));
        Fake.Inject(new InjectedFault(FaultKind.ResetConnection, "GET", ListPath));

        var nodes = await Provider().ObserveAsync(TestFleet.Scope(Fake), CancellationToken.None);

        Assert.Single(nodes);
        Assert.Equal([0, 200], Fake.Requests.Select(r => r.Status));
    }

    [Fact]
    public async Task Throttled_CreateIsRetriedAndSucceeds()
    {
        Fake.Inject(new InjectedFault(FaultKind.Throttle, "PUT", "/mainnet-eth-rpc", RetryAfterSeconds: 1));
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(
            await AzureProviderApplyTests.ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        Assert.Equal([429, 201], Fake.Requests.Where(r => r.Method == "PUT").Select(r => r.Status));
        Assert.True(GapBetweenFirstTwoRequests("PUT") >= TimeSpan.FromMilliseconds(950));
        Assert.NotNull(Fake.ScaleSet("mainnet-eth-rpc"));
    }

    [Fact]
    public async Task ThrottledBeyondTheRetries_IsReportedAsRetryNotFailed()
    {
        for (var i = 0; i < 3; i++) Fake.Inject(new InjectedFault(FaultKind.Throttle, "PUT", "/mainnet-eth-rpc"));
        var provider = Provider(o => o.MaxRetries = 2);
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(
            await AzureProviderApplyTests.ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Retry, result.Outcome);
        Assert.Contains("TooManyRequests", result.Message, StringComparison.Ordinal);
        Assert.Contains("azure.status: 429", result.Details);
        Assert.Equal(3, Fake.Requests.Count(r => r.Method == "PUT"));
        Assert.Null(Fake.ScaleSet("mainnet-eth-rpc"));
    }

    [Fact]
    public async Task OperationOutlastingTheTimeout_IsReportedAsRetry()
    {
        Fake.PollsBeforeDone = 1000;
        var provider = Provider(o => o.OperationTimeout = TimeSpan.FromMilliseconds(300));
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(
            await AzureProviderApplyTests.ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.Equal(ActionOutcome.Retry, result.Outcome);
        Assert.Contains("did not finish within", result.Message, StringComparison.Ordinal);
        Assert.True(Fake.PollCount("put") >= 1);
    }

    [Fact]
    public async Task CallerCancellation_IsNotSwallowed()
    {
        Fake.PollsBeforeDone = 1000;
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);
        var action = await AzureProviderApplyTests.ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.ApplyAsync(action, scope, cancel.Token));
    }

    [Fact]
    public async Task OperationPolling_WaitsForTheOperationsRetryAfter()
    {
        Fake.PollsBeforeDone = 1;
        Fake.OperationRetryAfterSeconds = 1;
        var provider = Provider();
        var scope = TestFleet.Scope(Fake);

        var result = await provider.ApplyAsync(
            await AzureProviderApplyTests.ActionAsync(provider, scope, TestFleet.DefaultPools[0], 3, ActionKind.Create), scope, CancellationToken.None);

        Assert.True(result.Outcome == ActionOutcome.Succeeded, result.Message);
        var polls = Fake.Requests.Where(r => r.Path.Contains("/operations/", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, polls.Count);
        // PollingInterval is 20 ms in these tests; the operation asked for a second between polls.
        Assert.True(Stopwatch.GetElapsedTime(polls[0].Timestamp, polls[1].Timestamp) >= TimeSpan.FromMilliseconds(950));
    }
}
