using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>
/// One fleet the service keeps reconciled: its name, where its repository is, the fleet's folder in it,
/// its own Git credentials (else the service's), and the policy source that overrides fleet.yaml's.
/// </summary>
internal sealed record FleetDefinition(string Name, RepositoryLocation Location, string? Ref, string? Path = null, GitCredentials? Credentials = null, GitOpsFleet.Model.PolicySource? Policy = null)
{
    public FleetTarget Target => new(Location, Ref, Path, Credentials, Policy, Name);
}
