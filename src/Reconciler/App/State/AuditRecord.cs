namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// One change someone made: who (a token's name, the CLI's OS user, a forge user), what (an action such as
/// run.request or plan.approve, and what it was done to), when, and from where (a remote address, or "cli").
/// </summary>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Target,
    string Origin,
    string? Detail);
