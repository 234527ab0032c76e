using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Pipeline.Steps;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>The run loop alone, driven by fake steps: one per outcome kind.</summary>
public sealed class RunStepLoopTests
{
    private sealed class FakeStep(string name, Func<RunContext, StepOutcome> behaviour, FakeTimeProvider? clock = null, TimeSpan takes = default) : IRunStep
    {
        public int Calls { get; private set; }

        public string Name => name;

        public Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
        {
            Calls++;
            clock?.Advance(takes);
            return Task.FromResult(behaviour(context));
        }
    }

    private static RunContext Context() =>
        new(7, new FleetTarget(RepositoryLocation.Parse(Path.GetTempPath()), null), RunMode.Reconcile, new RunReport(), SilentRunReporter.Instance);

    [Fact]
    public async Task EveryStepContinues_AllAreRecordedInOrder_WithTheirDurationsFromTheInjectedClock()
    {
        var clock = new FakeTimeProvider();
        var steps = new[] { "fetch", "load", "observe" }.Select((n, i) => new FakeStep(n, _ => StepOutcome.Continue($"{n} done"), clock, TimeSpan.FromMilliseconds(100 * (i + 1)))).ToList();
        var records = new List<StepRecord>();

        var last = await new RunStepLoop(steps, clock).RunAsync(Context(), records, CancellationToken.None);

        Assert.Null(last);
        Assert.Equal(["fetch", "load", "observe"], records.Select(r => r.Name));
        Assert.All(records, r => Assert.Equal("continue", r.Outcome));
        Assert.Equal([100.0, 200.0, 300.0], records.Select(r => r.DurationMs));
        Assert.Equal("load done", records[1].Message);
    }

    public static TheoryData<string, string> EndingOutcomes => new()
    {
        { "stop", "planned" },
        { "stalled", "denied" },
        { "retry", "unreachable" },
        { "failed", "failed" },
    };

    [Theory]
    [MemberData(nameof(EndingOutcomes))]
    public async Task AStepThatEndsTheRun_LaterStepsDoNotRun_AndAreRecordedAsSkipped(string kind, string result)
    {
        StepOutcome ending = kind switch
        {
            "stop" => StepOutcome.Stop(result, "plan only"),
            "stalled" => StepOutcome.Stalled(result, "needs a person"),
            "retry" => StepOutcome.Retry(result, "host unreachable", TimeSpan.FromSeconds(30)),
            _ => StepOutcome.Failed(result, "broken"),
        };
        var first = new FakeStep("first", _ => StepOutcome.Continue("ok"));
        var second = new FakeStep("second", _ => ending);
        var third = new FakeStep("third", _ => StepOutcome.Continue("never"));
        var records = new List<StepRecord>();

        var last = await new RunStepLoop([first, second, third], TimeProvider.System).RunAsync(Context(), records, CancellationToken.None);

        Assert.Same(ending, last);
        Assert.Equal(0, third.Calls);
        Assert.Equal(["continue", kind, "skipped"], records.Select(r => r.Outcome));
        Assert.Equal(result, records[1].Result);
        Assert.Equal(kind == "retry" ? 30.0 : null, records[1].RetryAfterSeconds);
        Assert.Null(records[0].Result);
    }

    [Fact]
    public async Task AStepThatThrows_IsRecordedAsFailed_TheRestAsSkipped_AndTheErrorReachesTheCaller()
    {
        var boom = new FakeStep("observe", _ => throw new InvalidOperationException("provider bug"));
        var records = new List<StepRecord>();
        var loop = new RunStepLoop([new FakeStep("fetch", _ => StepOutcome.Continue("ok")), boom, new FakeStep("plan", _ => StepOutcome.Continue("ok"))], TimeProvider.System);

        await Assert.ThrowsAsync<InvalidOperationException>(() => loop.RunAsync(Context(), records, CancellationToken.None));

        Assert.Equal([("fetch", "continue"), ("observe", "failed"), ("plan", "skipped")], records.Select(r => (r.Name, r.Outcome)));
    }

    [Fact]
    public void StepRecords_RoundTripThroughTheRunDocument_AndOldStageRecordsStillRead()
    {
        var doc = new RunReport { Steps = [new StepRecord("fetch", "retry", "failed", 12.5, "unreachable", "unreachable", 30)] }.ToDocument();
        var read = Assert.Single(RunSteps.Read(JsonNode.Parse(doc.ToJsonString())!.AsObject()));
        Assert.Equal(new StepRecord("fetch", "retry", "failed", 12.5, "unreachable", "unreachable", 30), read);

        // The shape runs were stored in before typed steps.
        // A stage's status says what it meant for the run: a fleet that did not load waited for a person (stalled), an
        // unreachable remote was transient (retry), a denied plan stalled, and the pull request stage was called drift.
        var old = JsonNode.Parse("""{"stages":[{"name":"fetch","status":"ok","durationMs":3.2,"message":"main at abc"},{"name":"load","status":"failed","durationMs":1,"message":"2 problem(s)"}]}""")!.AsObject();
        Assert.Equal([new StepRecord("fetch", "continue", "ok", 3.2, "main at abc"), new StepRecord("load", "stalled", "failed", 1, "2 problem(s)")], RunSteps.Read(old));
        var others = JsonNode.Parse("""{"stages":[{"name":"fetch","status":"failed"},{"name":"policy","status":"deny"},{"name":"apply","status":"failed"},{"name":"drift","status":"ok"},{"name":"observe","status":"new"}]}""")!.AsObject();
        Assert.Equal([("fetch", "retry"), ("policy", "stalled"), ("apply", "failed"), ("drift-pull-request", "continue"), ("observe", "")],
            RunSteps.Read(others).Select(r => (r.Name, r.Outcome)));
    }
}
