namespace GitOpsFleet.Providers;

public enum ActionKind { Create, Update, Replace, Delete }

/// <summary>
/// One change to one node. <see cref="Desired"/> is null for a delete, <see cref="Observed"/> null
/// for a create. <see cref="Reason"/> is a sentence for the plan output.
/// </summary>
public sealed record PlannedAction(
    ActionKind Kind,
    string Fleet,
    string Pool,
    string Node,
    string Provider,
    DesiredNode? Desired,
    ObservedNode? Observed,
    string Reason);
