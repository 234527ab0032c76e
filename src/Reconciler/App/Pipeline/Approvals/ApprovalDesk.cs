using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>Why a decision was refused; the CLI prints the message and exits 1, the API answers Problem Details.</summary>
internal enum ApprovalRefusal { None, UnknownRun, NotWaiting, PolicyDenied, NotApprovable, AlreadyDecided }

internal sealed record ApprovalAnswer(ApprovalRefusal Refusal, string Message, ApprovalRecord? Record = null)
{
    public bool Accepted => Refusal == ApprovalRefusal.None;
}

/// <summary>
/// Takes a person's decision on a run waiting for approval (`gitopsfleet approve`, `POST /api/runs/{id}/approve`).
/// It only records the decision: the fleet's next run applies the plan if it plans exactly the same thing.
/// </summary>
internal static class ApprovalDesk
{
    public static async Task<ApprovalAnswer> DecideAsync(IStateStore store, long runId, ApprovalDecision decision, string approver, string? reason,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.GetRunAsync(runId, cancellationToken) is not { } run) return new(ApprovalRefusal.UnknownRun, $"no run with id {runId}");
        if (run.Result == RunResults.Denied)
        {
            return new(ApprovalRefusal.PolicyDenied, $"run {runId} was denied by policy ({run.Summary}); a denied plan cannot be approved: change the commit or the policy");
        }
        if (run.Result != RunResults.Waiting) return new(ApprovalRefusal.NotWaiting, $"run {runId} is not waiting for approval (its result is {run.Result})");
        var approval = RunReport.Read(run).Approval;
        // A run recorded before approvals existed waits without a fingerprint, so there is nothing to bind a decision to.
        // (A "held" run of the delete guard, from before such holds were approvable, has one and is approved like any other.)
        if (approval is null)
        {
            return new(ApprovalRefusal.NotApprovable,
                $"run {runId} has no plan fingerprint to approve ({run.Summary}): run the fleet again and approve the new run");
        }
        var decisions = await store.ListApprovalsAsync(run.Fleet, cancellationToken);
        if (decisions.FirstOrDefault(d => d.Fingerprint == approval.Fingerprint && string.Equals(d.Approver, approver, StringComparison.Ordinal)) is { } earlier)
        {
            return new(ApprovalRefusal.AlreadyDecided,
                $"{approver} already decided on this plan ({earlier.Decision.ToString().ToLowerInvariant()}, at run {earlier.RunId}); another person must approve it");
        }
        var record = await store.AddApprovalAsync(new ApprovalRecord(0, runId, run.Fleet, approval.Fingerprint, approver, reason, decision, now), cancellationToken);
        var verb = decision == ApprovalDecision.Approve ? "approved" : "rejected";
        var next = decision == ApprovalDecision.Approve
            ? "the next run of the fleet applies it if it plans exactly the same thing"
            : "it will not be applied";
        return new(ApprovalRefusal.None, $"run {runId} of fleet {run.Fleet} {verb} by {approver} (plan {approval.Fingerprint}): {next}", record);
    }
}
