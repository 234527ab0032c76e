using GitOpsFleet.Providers;

namespace GitOpsFleet.Reconciler.Planning;

/// <summary>
/// The ordered actions of one run, the drift found, and notes (pools skipped, prune off, approvals waited for).
/// A refused plan (<see cref="Refusal"/> set) applies nothing. A held plan (<see cref="Hold"/> set: too many or
/// protected deletes, a dead node of a manual pool) applies nothing until a person approves it; unlike a refusal it
/// is a valid plan. The delete guard's holds are approved like any other: the approval is bound to the plan's fingerprint.
/// </summary>
public sealed record Plan(
    IReadOnlyList<PlannedAction> Actions,
    IReadOnlyList<DriftItem> Drift,
    IReadOnlyList<string> Notes,
    string? Refusal,
    string? Hold = null)
{
    public bool HasChanges => Refusal is null && Actions.Count > 0;

    public int Count(ActionKind kind) => Actions.Count(a => a.Kind == kind);

    public string Summary => Refusal is not null
        ? $"refused: {Refusal}"
        : Actions.Count == 0
            ? "no changes"
            : $"{Count(ActionKind.Create)} to create, {Count(ActionKind.Update)} to update, {Count(ActionKind.Replace)} to replace, {Count(ActionKind.Delete)} to delete";
}
