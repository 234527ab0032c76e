using System.Collections.Concurrent;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// Stands in for the pipeline in scheduling tests (the pipeline has its own end-to-end tests): records each run
/// in the real state store like the pipeline does, and lets a test decide how long it takes and whether it fails.
/// </summary>
internal sealed class RecordingExecutor(IStateStore store, Func<string, CancellationToken, Task<string>> behaviour, IReadOnlyList<Diagnostic>? diagnostics = null) : IFleetRunExecutor
{
    public ConcurrentQueue<(string Fleet, DateTimeOffset Start, DateTimeOffset End, string Trigger)> Runs { get; } = new();

    public async Task<RunOutcome> RunAsync(FleetTarget target, string trigger, IRunReporter reporter, CancellationToken cancellationToken)
    {
        var fleet = Path.GetFileName(target.Location.Display);
        var start = DateTimeOffset.UtcNow;
        var id = await store.StartRunAsync(target.Location.Display, target.Location.Display, trigger, start, CancellationToken.None);
        string result;
        try
        {
            result = await behaviour(fleet, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            result = RunResults.Cancelled;
        }
        var end = DateTimeOffset.UtcNow;
        Runs.Enqueue((fleet, start, end, trigger));
        var record = new RunRecord(id, fleet, target.Location.Display, "c0ffee", trigger, start, end, result, result,
            new System.Text.Json.Nodes.JsonObject { ["result"] = result, ["error"] = result == RunResults.Succeeded ? null : $"{fleet} failed on purpose" });
        await store.FinishRunAsync(record, CancellationToken.None);
        return new RunOutcome(id, fleet, result, "c0ffee", diagnostics ?? [], null, [], null, null, null) { Record = record };
    }
}
