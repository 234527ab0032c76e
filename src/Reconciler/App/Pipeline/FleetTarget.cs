using GitOpsFleet.Reconciler.Git;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>Which repository and ref a run reads.</summary>
internal sealed record FleetTarget(RepositoryLocation Location, string? Ref);
