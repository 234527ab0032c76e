namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>What happens after a step (the words are those of `runs show` and the API).</summary>
internal enum StepOutcomeKind
{
    /// <summary>The next step runs.</summary>
    Continue,
    /// <summary>The run is complete with a result (a plan-only run after policy, for example).</summary>
    Stop,
    /// <summary>Nothing more can happen without a person: an invalid fleet, a denied plan, a plan waiting for approval.</summary>
    Stalled,
    /// <summary>A transient problem (a source or host unreachable): the same run is worth trying again after a delay.</summary>
    Retry,
    /// <summary>The step failed in a way a retry will not mend.</summary>
    Failed,
    /// <summary>Not run, because an earlier step ended the run.</summary>
    Skipped,
}

/// <summary>
/// A step's answer. <see cref="Status"/> is the step's own verdict (ok, degraded, failed, allow, deny);
/// <see cref="Kind"/> is what the run does next. They differ where a step had trouble yet the run goes on:
/// an apply with one failed node still reports the drift of the others.
/// </summary>
internal sealed record StepOutcome(StepOutcomeKind Kind, string Status, string Message, string? Result = null, TimeSpan? RetryAfter = null)
{
    public bool EndsRun => Kind != StepOutcomeKind.Continue;

    /// <summary>The run goes on; <paramref name="status"/> is how this step itself went.</summary>
    public static StepOutcome Continue(string message, string status = "ok") => new(StepOutcomeKind.Continue, status, message);

    /// <summary>The run is complete: its result is <paramref name="result"/>.</summary>
    public static StepOutcome Stop(string result, string message, string status = "ok") => new(StepOutcomeKind.Stop, status, message, result);

    /// <summary>The run waits for a person; <paramref name="reason"/> says what they must do or read.</summary>
    public static StepOutcome Stalled(string result, string reason, string status = "stalled") => new(StepOutcomeKind.Stalled, status, reason, result);

    /// <summary>A transient problem; the scheduler may try again after <paramref name="after"/>.</summary>
    public static StepOutcome Retry(string result, string reason, TimeSpan after) => new(StepOutcomeKind.Retry, "failed", reason, result, after);

    public static StepOutcome Failed(string result, string error) => new(StepOutcomeKind.Failed, "failed", error, result);

    internal static StepOutcome Skipped { get; } = new(StepOutcomeKind.Skipped, "skipped", "");

    /// <summary>The lower-case word stored in run records.</summary>
    public string KindName => Kind switch
    {
        StepOutcomeKind.Continue => "continue",
        StepOutcomeKind.Stop => "stop",
        StepOutcomeKind.Stalled => "stalled",
        StepOutcomeKind.Retry => "retry",
        StepOutcomeKind.Failed => "failed",
        _ => "skipped",
    };
}
