using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Git;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// Which repository and ref a run reads. <see cref="Path"/> is the fleet's folder inside the repository
/// (null: the root); <see cref="Credentials"/> override the process's Git credentials for this fleet;
/// <see cref="Policy"/> overrides the policy source named in fleet.yaml; <see cref="Fleet"/> is the name the
/// service knows the fleet by, so a run that stops before fleet.yaml is read is still recorded under it.
/// <see cref="Commit"/> is the commit a webhook announced: the run reconciles the ref's head and says how the two relate.
/// </summary>
internal sealed record FleetTarget(RepositoryLocation Location, string? Ref, string? Path = null, GitCredentials? Credentials = null, PolicySource? Policy = null, string? Fleet = null,
    string? Commit = null)
{
    /// <summary>The service's notification targets (its fleets file's notifications), notified besides fleet.yaml's own; a fleet target of the same name wins.</summary>
    public IReadOnlyList<NotificationTarget> DefaultNotifications { get; init; } = [];
}
