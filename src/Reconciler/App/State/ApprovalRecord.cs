namespace GitOpsFleet.Reconciler.State;

public enum ApprovalDecision { Approve, Reject }

/// <summary>
/// One person's decision on a plan that waited for approval. <see cref="Fingerprint"/> is what was decided on
/// (the commit and the plan's hash), so the decision applies to whichever later run plans exactly that.
/// </summary>
public sealed record ApprovalRecord(
    long Id,
    long RunId,
    string Fleet,
    string Fingerprint,
    string Approver,
    string? Reason,
    ApprovalDecision Decision,
    DateTimeOffset DecidedAt);
