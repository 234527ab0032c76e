namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>How the background sender delivers (configuration section GitOpsFleet:Notifications).</summary>
internal sealed record NotificationOptions
{
    // Under the service's own section, so GITOPSFLEET__NOTIFICATIONS__RETRIES sets it like the other GITOPSFLEET__ settings.
    public const string Section = "GitOpsFleet:Notifications";

    /// <summary>How long one HTTP call may take; a target that hangs costs this, never a run's time.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after the first attempt, for a 5xx, 408, 429, a refused connection or a timed-out call.</summary>
    public int Retries { get; init; } = 5;

    /// <summary>First wait between attempts, doubling after each; a Retry-After header replaces it.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest Retry-After honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the sender looks for queued deliveries when it has none.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a command-line run (reconcile --once, plan, drift) may spend sending what it queued before it exits;
    /// what is not sent by then stays queued for the service. Zero leaves everything to the service.
    /// </summary>
    public TimeSpan CliDeliveryTimeout { get; init; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (AttemptTimeout <= TimeSpan.Zero) problems.Add("GitOpsFleet:Notifications:AttemptTimeout must be positive");
        if (Retries is < 0 or > 20) problems.Add("GitOpsFleet:Notifications:Retries must be 0 to 20");
        if (RetryDelay < TimeSpan.Zero) problems.Add("GitOpsFleet:Notifications:RetryDelay must not be negative");
        if (MaxRetryWait < TimeSpan.Zero) problems.Add("GitOpsFleet:Notifications:MaxRetryWait must not be negative");
        if (PollInterval <= TimeSpan.Zero) problems.Add("GitOpsFleet:Notifications:PollInterval must be positive");
        if (CliDeliveryTimeout < TimeSpan.Zero) problems.Add("GitOpsFleet:Notifications:CliDeliveryTimeout must not be negative");
        return problems;
    }

    /// <summary>
    /// How long a claimed delivery stays away from other senders: every attempt and every wait, and a margin, so a
    /// replica that dies mid-delivery hands it back once the lease ends.
    /// </summary>
    public TimeSpan ClaimLease => (AttemptTimeout + MaxRetryWait) * (Retries + 1) + TimeSpan.FromMinutes(1);
}
