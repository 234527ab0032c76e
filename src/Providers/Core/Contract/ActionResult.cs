namespace GitOpsFleet.Providers;

/// <summary>Follows Flux: Retry is transient (host unreachable, throttled), Failed needs a person or a new commit.</summary>
public enum ActionOutcome { Succeeded, Failed, Retry, Skipped }

/// <summary>What happened to one action. <see cref="Details"/> are per-host or per-task lines (secrets removed).</summary>
public sealed record ActionResult(
    PlannedAction Action,
    ActionOutcome Outcome,
    string Message,
    ObservedNode? Node,
    TimeSpan Duration,
    IReadOnlyList<string> Details)
{
    public static ActionResult Success(PlannedAction action, string message, ObservedNode? node, TimeSpan duration) =>
        new(action, ActionOutcome.Succeeded, message, node, duration, Array.Empty<string>());

    public static ActionResult Failure(PlannedAction action, string message, TimeSpan duration, IReadOnlyList<string>? details = null) =>
        new(action, ActionOutcome.Failed, message, null, duration, details ?? Array.Empty<string>());
}
