using System.Text.Json.Nodes;

namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// One run as the state store keeps it. <see cref="Document"/> holds every stage's output
/// (desired, observed, plan, results, drift, decisions, diagnostics) so a run can be explained later.
/// </summary>
public sealed record RunRecord(
    long Id,
    string Fleet,
    string Repository,
    string? Commit,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string Result,
    string Summary,
    JsonObject Document)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}
