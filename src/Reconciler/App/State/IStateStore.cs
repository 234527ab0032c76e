using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.State;

/// <summary>Runs, last-applied node specs and pull requests. SQLite by default; the seam for PostgreSQL.</summary>
public interface IStateStore : IAsyncDisposable
{
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>A cheap write (a heartbeat row), with a short wait for locks: throws when the store cannot take writes.</summary>
    Task ProbeWriteAsync(CancellationToken cancellationToken);

    Task<long> StartRunAsync(string fleet, string repository, string trigger, DateTimeOffset startedAt, CancellationToken cancellationToken);

    Task FinishRunAsync(RunRecord run, CancellationToken cancellationToken);

    /// <summary>
    /// After an expired lease of <paramref name="fleet"/> was taken from <paramref name="holder"/>: marks the fleet's runs
    /// still recorded as running interrupted, with what they applied, unless their process is alive on this machine.
    /// </summary>
    Task<int> InterruptRunsOfExpiredLeaseAsync(string fleet, string holder, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunRecord>> ListRunsAsync(string? fleet, string? result, int limit, int offset, CancellationToken cancellationToken);

    Task<RunRecord?> GetRunAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// The names of fleets whose runs loaded fleet.yaml from <paramref name="repository"/> at folder
    /// <paramref name="path"/> ("" for the root), newest first: a name that is not today's is a fleet renamed in Git.
    /// </summary>
    Task<IReadOnlyList<string>> ListFleetsOfSourceAsync(string repository, string path, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, NodeSpecRecord>> GetAppliedAsync(string fleet, CancellationToken cancellationToken);

    /// <summary>Records what was applied to a node; null forgets the node.</summary>
    Task SetAppliedAsync(string fleet, string node, NodeSpecRecord? spec, long runId, CancellationToken cancellationToken);

    Task<PullRequestRecord?> GetOpenPullRequestAsync(string fleet, CancellationToken cancellationToken);

    Task<PullRequestRecord?> GetLatestPullRequestAsync(string fleet, CancellationToken cancellationToken);

    Task<PullRequestRecord> SavePullRequestAsync(PullRequestRecord pullRequest, CancellationToken cancellationToken);

    Task<IReadOnlyList<PullRequestRecord>> ListPullRequestsAsync(string? fleet, PullRequestState? state, CancellationToken cancellationToken);

    /// <summary>Records a decision on a waiting plan; returns it with its id.</summary>
    Task<ApprovalRecord> AddApprovalAsync(ApprovalRecord approval, CancellationToken cancellationToken);

    /// <summary>The fleet's decisions, newest first.</summary>
    Task<IReadOnlyList<ApprovalRecord>> ListApprovalsAsync(string fleet, CancellationToken cancellationToken);

    /// <summary>Adds a token; false when the name is taken (by a live or a revoked token).</summary>
    Task<bool> AddTokenAsync(ApiTokenRecord token, CancellationToken cancellationToken);

    /// <summary>Every token, revoked ones too, by name.</summary>
    Task<IReadOnlyList<ApiTokenRecord>> ListTokensAsync(CancellationToken cancellationToken);

    /// <summary>Marks a live token revoked; false when no live token has that name.</summary>
    Task<bool> RevokeTokenAsync(string name, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>Appends to the audit log; returns the entry with its id.</summary>
    Task<AuditRecord> AddAuditAsync(AuditRecord entry, CancellationToken cancellationToken);

    /// <summary>Audit entries at or after <paramref name="since"/> (all when null), oldest first, at most <paramref name="limit"/> of the newest.</summary>
    Task<IReadOnlyList<AuditRecord>> ListAuditAsync(DateTimeOffset? since, int limit, CancellationToken cancellationToken);

    /// <summary>Queues a delivery; false when one with the same key exists (the event was queued before, here or by another replica).</summary>
    Task<bool> EnqueueNotificationAsync(NotificationDelivery delivery, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the oldest pending delivery due at <paramref name="now"/> and pushes its next attempt to
    /// <paramref name="leaseUntil"/>, in one statement, so two senders never take the same delivery; null when none is due.
    /// </summary>
    Task<NotificationDelivery?> ClaimNotificationAsync(DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="ClaimNotificationAsync(DateTimeOffset, DateTimeOffset, CancellationToken)"/>, among the deliveries
    /// queued by run <paramref name="runId"/> only: what a command-line run sends before it exits.
    /// </summary>
    Task<NotificationDelivery?> ClaimRunNotificationAsync(long runId, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Records the outcome of a claimed delivery: its status, attempts made, next attempt, delivery time and last error.</summary>
    Task UpdateNotificationAsync(long id, string status, int attempts, DateTimeOffset nextAttemptAt, DateTimeOffset? deliveredAt, string? lastError, CancellationToken cancellationToken);

    /// <summary>Deliveries, newest first, of one fleet or all.</summary>
    Task<IReadOnlyList<NotificationDelivery>> ListNotificationsAsync(string? fleet, int limit, CancellationToken cancellationToken);
}
