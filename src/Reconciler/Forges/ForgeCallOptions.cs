namespace GitOpsFleet.Forges;

/// <summary>
/// The <c>Forge</c> configuration section: how long one forge call may take and how hard a run tries to publish
/// its drift pull request before leaving it to the next run. The defaults keep a run held by a bad forge for about
/// a minute at most, the same as a stalled Git fetch.
/// </summary>
public sealed record ForgeCallOptions
{
    public const string SectionName = "Forge";

    public static ForgeCallOptions Default { get; } = new();

    /// <summary>Forge:CallTimeout: one HTTP call, from sending the request to the last byte of the answer.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Forge:Retries: further attempts within one run after a 5xx, a 429 or a call that timed out (0 leaves every retry to the next run).</summary>
    public int Retries { get; init; } = 2;

    /// <summary>Forge:RetryDelay: the first back-off when the forge did not say how long to wait; it doubles each attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Forge:MaxRetryWait: the longest Retry-After a run waits out; a longer one is left to a later run.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Forge:PublishBudget: the whole publication, every attempt and wait included.</summary>
    public TimeSpan PublishBudget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Every problem at once, each naming its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (CallTimeout <= TimeSpan.Zero) problems.Add($"CallTimeout must be positive, not {CallTimeout}");
        if (Retries is < 0 or > 10) problems.Add($"Retries must be between 0 and 10, not {Retries}");
        if (RetryDelay < TimeSpan.Zero) problems.Add($"RetryDelay must not be negative, not {RetryDelay}");
        if (MaxRetryWait < TimeSpan.Zero) problems.Add($"MaxRetryWait must not be negative, not {MaxRetryWait}");
        if (PublishBudget < CallTimeout) problems.Add($"PublishBudget ({PublishBudget}) must be at least CallTimeout ({CallTimeout})");
        return problems;
    }
}
