namespace GitOpsFleet.Policies.Opa;

/// <summary>Where the OPA server is and how patiently to ask it.</summary>
public sealed record OpaClientOptions
{
    /// <summary>Base address of the server, e.g. http://localhost:8181/.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Time limit for one attempt.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Attempts in total for transient faults (connection errors, timeouts, 429, 5xx).</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Delay before the second attempt; doubles after each further failure.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);
}
