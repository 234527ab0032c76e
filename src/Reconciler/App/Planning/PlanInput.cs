using GitOpsFleet.Providers;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Planning;

/// <summary>
/// Everything the planner needs, as data: the desired fleet, each pool's node layout, what the
/// providers observed, what the service last applied to each node, and the providers that could
/// not be asked (their nodes are left alone: an unobserved provider is never read as empty), and the
/// pools a provider cannot run here (a client not installed), whose nodes are left alone too.
/// </summary>
public sealed record PlanInput(
    DesiredFleet Desired,
    IReadOnlyDictionary<string, IReadOnlyList<DesiredNode>> LayoutByPool,
    IReadOnlyList<ObservedNode> Observed,
    IReadOnlyDictionary<string, NodeSpecRecord> LastApplied,
    IReadOnlyDictionary<string, string> UnavailableProviders,
    IReadOnlyDictionary<string, string>? SkippedPools = null);
