using System.Text.Json.Nodes;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>Decides each pool's replica count for this run (scaling scripts, or replicas.min).</summary>
internal interface IDesiredStateStep
{
    Task<DesiredStateResult> ComputeAsync(FleetSpec spec, string commit, ISourceSnapshot snapshot, IReadOnlyDictionary<string, int> currentReplicas, IReadOnlyList<ObservedNode> observed, CancellationToken cancellationToken);

    /// <summary>Told as soon as the fleet is loaded, before it is observed: time to start anything slow to start.</summary>
    void Prepare(FleetSpec spec)
    {
    }
}

internal sealed record DesiredStateResult(DesiredFleet Fleet, JsonArray Details);

/// <summary>Every pool at replicas.min: used where scaling scripts are switched off.</summary>
internal sealed class MinimumReplicasStep : IDesiredStateStep
{
    public Task<DesiredStateResult> ComputeAsync(FleetSpec spec, string commit, ISourceSnapshot snapshot, IReadOnlyDictionary<string, int> currentReplicas, IReadOnlyList<ObservedNode> observed, CancellationToken cancellationToken)
    {
        var pools = spec.Pools.Select(p => new DesiredPool(p, p.Replicas.Min, "replicas.min")).ToList();
        return Task.FromResult(new DesiredStateResult(new DesiredFleet(spec, commit, pools), new JsonArray()));
    }
}
