using System.Globalization;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>What the gate decided about a plan that needs a person: apply it, or wait (and why, in the report).</summary>
internal sealed record ApprovalVerdict(bool Approved, ApprovalReport Report, string Message);

/// <summary>
/// Decides whether a freshly computed plan that needs a person has been approved: approvals are given to a
/// fingerprint (commit and plan), so only a plan identical to the one approved is applied, and only while
/// spec.approvals.required different people's approvals are younger than spec.approvals.expiresAfter.
/// A rejection of the same fingerprint wins over any approval.
/// </summary>
internal sealed class ApprovalGate(IStateStore store, TimeProvider time)
{
    public async Task<ApprovalVerdict> CheckAsync(FleetSpec spec, string commit, Plan plan, string needs, long runId, CancellationToken cancellationToken)
    {
        var fingerprint = PlanFingerprint.Of(commit, plan);
        var rules = spec.ApprovalRules;
        var report = new ApprovalReport
        {
            Fingerprint = fingerprint.Value, Commit = commit, PlanHash = fingerprint.PlanHash, Status = "waiting", Reason = needs, Required = rules.Required,
            ExpiresAfterSeconds = rules.ExpiresAfter.TotalSeconds,
        };
        var approveHint = $"approve with: gitopsfleet approve {runId}";
        var decisions = await store.ListApprovalsAsync(spec.Name, cancellationToken);
        var now = time.GetUtcNow();
        var mine = decisions.Where(d => d.Fingerprint == fingerprint.Value).ToList();
        if (mine.FirstOrDefault(d => d.Decision == ApprovalDecision.Reject) is { } rejected)
        {
            var why = rejected.Reason is { Length: > 0 } r ? $" ({r})" : "";
            return new ApprovalVerdict(false, report with { Status = "rejected", RejectedBy = rejected.Approver, RejectReason = rejected.Reason },
                $"{needs}; this plan was rejected by {rejected.Approver}{why} at run {rejected.RunId}: nothing applied until the commit or the nodes change");
        }
        var live = mine.Where(d => d.Decision == ApprovalDecision.Approve && now - d.DecidedAt <= rules.ExpiresAfter).ToList();
        var approvers = live.Select(d => d.Approver).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        report = report with { ApprovedBy = approvers };
        if (approvers.Count >= rules.Required)
        {
            return new ApprovalVerdict(true, report with { Status = "approved" }, $"plan approved by {string.Join(", ", approvers)}");
        }
        var parts = new List<string> { needs };
        if (approvers.Count > 0) parts.Add($"{approvers.Count} of {rules.Required} approvals so far ({string.Join(", ", approvers)})");
        var expired = mine.Where(d => d.Decision == ApprovalDecision.Approve && now - d.DecidedAt > rules.ExpiresAfter)
            .Select(d => d.Approver).Distinct(StringComparer.Ordinal).Except(approvers, StringComparer.Ordinal).ToList();
        if (expired.Count > 0) parts.Add($"the approval by {string.Join(", ", expired)} expired (approvals.expiresAfter is {Duration(rules.ExpiresAfter)})");
        // The newest approval still in time, of another plan: the plan changed under it, so it lapses, and the run says how.
        if (approvers.Count == 0 && decisions.FirstOrDefault(d => d.Decision == ApprovalDecision.Approve && d.Fingerprint != fingerprint.Value
                && now - d.DecidedAt <= rules.ExpiresAfter) is { } lapsed)
        {
            var (added, removed) = await DifferenceAsync(lapsed, fingerprint, cancellationToken);
            var commitChanged = !lapsed.Fingerprint.StartsWith(commit + ":", StringComparison.Ordinal);
            report = report with { Status = "lapsed", LapsedRun = lapsed.RunId, Added = added, Removed = removed };
            parts.Add($"the approval of run {lapsed.RunId} by {lapsed.Approver} lapsed: the plan changed since"
                + (commitChanged ? " (a new commit)" : "")
                + (added.Count > 0 ? $"; added: {string.Join(", ", added)}" : "")
                + (removed.Count > 0 ? $"; removed: {string.Join(", ", removed)}" : ""));
        }
        parts.Add(approveHint);
        return new ApprovalVerdict(false, report, string.Join("; ", parts));
    }

    /// <summary>The actions this plan has that the approved one did not, and those it no longer has.</summary>
    private async Task<(IReadOnlyList<string> Added, IReadOnlyList<string> Removed)> DifferenceAsync(ApprovalRecord approved, PlanFingerprint now, CancellationToken cancellationToken)
    {
        var run = await store.GetRunAsync(approved.RunId, cancellationToken);
        var before = run is null ? [] : RunReport.Read(run).Plan?.Actions.Select(a => $"{a.Kind} {a.Pool}/{a.Node}").ToList() ?? [];
        return (now.Actions.Except(before, StringComparer.Ordinal).ToList(), before.Except(now.Actions, StringComparer.Ordinal).ToList());
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1 && span.Minutes == 0 && span.Seconds == 0
        ? span.TotalHours.ToString(CultureInfo.InvariantCulture) + "h"
        : span.TotalMinutes.ToString(CultureInfo.InvariantCulture) + "m";
}
