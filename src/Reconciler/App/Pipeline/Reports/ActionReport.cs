namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>One planned action; <see cref="Kind"/> is the action's lower-case word (create, delete, update, ...).</summary>
internal sealed record ActionReport
{
    public string Kind { get; init => field = value ?? ""; } = "";
    public string? Pool { get; init; }
    public string? Node { get; init; }
    public string? Provider { get; init; }
    public string? Reason { get; init; }
    /// <summary>The software version the action installs, when it installs one.</summary>
    public string? Version { get; init; }
}
