using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Telemetry;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

[CollectionDefinition(nameof(WebhookTraceTests), DisableParallelization = true)]
public sealed class WebhookTraceCollection;

/// <summary>
/// A webhook's trace continues into the run it starts: the request's span (ASP.NET Core's, with a forge's or a
/// proxy's <c>traceparent</c> as its parent) is the parent of the run's span. The listener is process-wide, so
/// this class runs alone.
/// </summary>
[Collection(nameof(WebhookTraceTests))]
public sealed class WebhookTraceTests : IDisposable
{
    private readonly ConcurrentQueue<Activity> _ended = new();
    private readonly ActivityListener _listener;

    public WebhookTraceTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is SpanSource.Name or TraceExport.AspNetCoreSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a => _ended.Enqueue(a),
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public async Task PushWithATraceparent_StartsARunInThatTrace_UnderTheRequestsSpan()
    {
        var runs = new ConcurrentQueue<(string Fleet, ActivityTraceId Trace, ActivitySpanId Parent, string Name)>();
        await using var svc = await InProcessService.StartAsync(["alpha"], (fleet, _) =>
        {
            var a = Activity.Current;
            runs.Enqueue((fleet, a?.TraceId ?? default, a?.ParentSpanId ?? default, a?.OperationName ?? "(no span)"));
            return Task.FromResult(RunResults.Succeeded);
        }, o => o.IntervalOverride = TimeSpan.FromHours(1));
        // The schedule's first run has no request behind it: no request span, so it starts no trace of a request.
        await Eventually.UntilAsync(() => !runs.IsEmpty, TimeSpan.FromSeconds(20), "the first scheduled run did not start");
        var scheduled = runs.ToArray();

        var forgeTrace = ActivityTraceId.CreateRandom();
        var forgeSpan = ActivitySpanId.CreateRandom();
        var push = WebhookEndpointsTests.PushBody(svc.RepositoryOf("alpha"));
        var answer = await WebhookEndpointsTests.PostAsync(svc, "/hooks/github", new ByteArrayContent(push), new()
        {
            ["X-GitHub-Event"] = "push",
            ["X-Hub-Signature-256"] = WebhookEndpointsTests.Sign(push),
            ["traceparent"] = $"00-{forgeTrace}-{forgeSpan}-01",
        });
        Assert.Equal(HttpStatusCode.Accepted, answer.Status);
        await Eventually.UntilAsync(() => runs.Any(r => r.Trace == forgeTrace), TimeSpan.FromSeconds(20), "no run started in the webhook's trace");

        var run = runs.Single(r => r.Trace == forgeTrace);
        Assert.Equal(FleetRunCoordinator.RequestedSpanName, run.Name);
        await Eventually.UntilAsync(() => _ended.Any(a => a.TraceId == forgeTrace && a.Source.Name == TraceExport.AspNetCoreSource), TimeSpan.FromSeconds(10), "the request's span did not end");
        var request = _ended.Single(a => a.TraceId == forgeTrace && a.Source.Name == TraceExport.AspNetCoreSource);
        Assert.Equal(forgeSpan, request.ParentSpanId);
        Assert.Equal(request.SpanId, run.Parent);
        Assert.All(scheduled, s => Assert.NotEqual(forgeTrace, s.Trace));
        Assert.DoesNotContain(scheduled, s => s.Name == FleetRunCoordinator.RequestedSpanName);
    }

    public void Dispose() => _listener.Dispose();
}
