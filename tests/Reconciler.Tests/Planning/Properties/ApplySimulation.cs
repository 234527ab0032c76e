using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline.Steps;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Tests.Planning.Properties;

/// <summary>
/// What a run that applied <paramref name="plan"/> in full leaves behind, as the apply step records it: a created,
/// updated or replaced node runs as Git says and its last-applied record is written (with the pool's manual flag);
/// a deleted node is gone and its record forgotten; a node that now matches Git gets its agreement recorded.
/// </summary>
internal static class ApplySimulation
{
    public static FleetScenario Apply(FleetScenario scenario, Plan plan)
    {
        var observed = new List<ObservedNode>(scenario.Observed);
        var applied = new Dictionary<string, NodeSpecRecord>(scenario.Applied, StringComparer.Ordinal);
        foreach (var action in plan.Actions)
        {
            if (action.Observed is { } before) observed.RemoveAt(observed.FindIndex(o => ReferenceEquals(o, before)));
            if (action.Desired is { } desired)
            {
                var state = action.Kind == ActionKind.Update ? action.Observed!.State : NodeState.Running;
                observed.Add(new ObservedNode(desired.Provider, desired.Fleet, desired.Pool, desired.Name, desired.Software, desired.Machine, desired.Labels,
                    state, Managed: true, desired.Capacity));
                applied[action.Node] = Record(scenario.Spec, desired);
            }
            else if (!ApplyStep.RecordBelongsToTwin(action, scenario.Observed))
            {
                applied.Remove(action.Node);
            }
        }

        var byName = observed.Where(o => o.Managed && o.State != NodeState.Dead).GroupBy(o => o.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var node in scenario.Layouts.Values.SelectMany(l => l))
        {
            if (!byName.TryGetValue(node.Name, out var seen) || seen.ProviderDrift is { Count: > 0 }) continue;
            var wanted = Record(scenario.Spec, node);
            if (wanted.SameAs(NodeSpecRecord.Of(seen))) applied[node.Name] = wanted;
        }
        return scenario.After(observed, applied);
    }

    private static NodeSpecRecord Record(FleetSpec spec, DesiredNode node) => NodeSpecRecord.Of(node) with
    {
        ManualReplacement = spec.Pools.Any(p => p.Name == node.Pool && p.Replacement == ReplacementPolicy.Manual),
    };
}
