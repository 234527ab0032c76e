using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// Stalled runs (a person or a new commit must act) are not retried harder, transient failures back off: the
/// classification, and the real host and Quartz scheduling a stalled fleet and a failing one side by side.
/// </summary>
public sealed class RunDispositionTests
{
    [Theory]
    [InlineData(RunResults.Succeeded, "settled")]
    [InlineData(RunResults.NoChanges, "settled")]
    [InlineData(RunResults.Drift, "settled")]
    [InlineData(RunResults.Invalid, "stalled")]
    [InlineData(RunResults.RefMissing, "stalled")]
    [InlineData(RunResults.Denied, "stalled")]
    [InlineData(RunResults.Refused, "stalled")]
    [InlineData(RunResults.Waiting, "stalled")]
    [InlineData(RunResults.Unreachable, "retry")]
    [InlineData(RunResults.Interrupted, "retry")]
    [InlineData(RunResults.Failed, "failed")]
    public void EveryResult_HasTheDispositionTheSchedulerActsOn(string result, string expected) =>
        Assert.Equal(expected, RunDispositions.Of(result).Word());

    [Fact]
    public async Task StalledFleet_KeepsItsIntervalAndShowsStalled_WhileAnUnreachableOneBacksOff()
    {
        await using var svc = await InProcessService.StartAsync(["denied", "unreachable"], async (fleet, ct) =>
        {
            await Task.Yield();
            return fleet == "denied" ? RunResults.Denied : RunResults.Unreachable;
        }, o =>
        {
            o.IntervalOverride = TimeSpan.FromMilliseconds(200);
            o.BackoffMax = TimeSpan.FromSeconds(30);
        });

        await ApiJson.WaitForAsync(() => Task.FromResult(svc.Executor.Runs.Count(r => r.Fleet == "denied")), n => n >= 12, TimeSpan.FromSeconds(60),
            n => $"the stalled fleet ran {n} times; it should keep its 200 ms interval");
        var unreachable = svc.Executor.Runs.Count(r => r.Fleet == "unreachable");
        Assert.True(unreachable <= 7, $"the unreachable fleet ran {unreachable} times: it should have backed off (0.4, 0.8, 1.6 s ...)");

        var denied = await ApiJson.GetAsync(svc.Http, "/api/fleets/denied");
        Assert.Equal("stalled", denied["state"]!.ToString());
        Assert.Equal(0, denied["consecutiveFailures"]!.GetValue<int>());
        Assert.Contains("failed on purpose", denied["problem"]!.ToString(), StringComparison.Ordinal);
        var failing = await ApiJson.GetAsync(svc.Http, "/api/fleets/unreachable");
        Assert.Equal("failing", failing["state"]!.ToString());
        Assert.True(failing["consecutiveFailures"]!.GetValue<int>() >= 1);
    }
}
