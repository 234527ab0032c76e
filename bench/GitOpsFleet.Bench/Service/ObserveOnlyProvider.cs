using System.Collections.Concurrent;
using GitOpsFleet.Bench.Fleet;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Bench.Service;

/// <summary>
/// Stands in for the local provider in the service benchmarks: every node of the fleet's commit is observed
/// running as Git says, so each run fetches, loads, observes, plans and records with nothing to apply, and no
/// machine is touched. Applies are refused and counted (a benchmark that applies is measuring something else).
/// </summary>
internal sealed class ObserveOnlyProvider : IInfrastructureProvider
{
    private readonly ConcurrentDictionary<(string Fleet, string Commit), IReadOnlyList<ObservedNode>> _observed = new();
    private int _applies;

    public string Name => "local";

    public int Applies => Volatile.Read(ref _applies);

    public Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken) =>
        Task.FromResult(fleet.Spec is { } spec
            ? _observed.GetOrAdd((fleet.Fleet, fleet.Commit), _ => FleetGenerator.ObservedMatching(spec))
            : (IReadOnlyList<ObservedNode>)[]);

    public Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _applies);
        return Task.FromResult(ActionResult.Failure(action, "the benchmark provider only observes", TimeSpan.Zero));
    }
}
