using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline;

namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>
/// One fleet the service keeps reconciled: its name, where its repository is, the fleet's folder in it,
/// its own Git credentials (else the service's), the policy source that overrides fleet.yaml's, and the service-wide
/// notification targets it has besides its own.
/// </summary>
internal sealed record FleetDefinition(string Name, RepositoryLocation Location, string? Ref, string? Path = null, GitCredentials? Credentials = null, GitOpsFleet.Model.PolicySource? Policy = null,
    IReadOnlyList<GitOpsFleet.Model.NotificationTarget>? Notifications = null)
{
    public FleetTarget Target => new(Location, Ref, Path, Credentials, Policy, Name) { DefaultNotifications = Notifications ?? [] };
}
