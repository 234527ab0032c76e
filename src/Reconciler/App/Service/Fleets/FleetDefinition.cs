using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>One fleet the service keeps reconciled: its name and where its repository is.</summary>
internal sealed record FleetDefinition(string Name, RepositoryLocation Location, string? Ref)
{
    public FleetTarget Target => new(Location, Ref);
}
