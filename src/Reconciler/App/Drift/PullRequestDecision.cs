using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>What to do with a fleet's drift pull request after a run. Decided by <see cref="PullRequestDecision.Decide"/>, carried out by the drift pull request step.</summary>
internal abstract record PullRequestDecision
{
    /// <summary>No pull request is wanted and none is open: the drift (if any) stays in the run record.</summary>
    public sealed record RecordOnly(string Message) : PullRequestDecision;

    /// <summary>The open pull request is no longer wanted: the drift is gone, or drift is no longer sent as pull requests.</summary>
    public sealed record Close(PullRequestRecord PullRequest, string Comment, string Message) : PullRequestDecision;

    /// <summary>The existing pull request already says what should be said: leave it as it is.</summary>
    public sealed record LeaveAlone(PullRequestRecord PullRequest, string Message) : PullRequestDecision;

    /// <summary>Push the report's branch and open a pull request (or update <paramref name="Open"/>).</summary>
    public sealed record Publish(PullRequestRecord? Open) : PullRequestDecision;

    /// <summary>
    /// The decision, from data alone. <paramref name="open"/> is the fleet's open pull request, <paramref name="latest"/>
    /// its most recent one in any state (the same as <paramref name="open"/> when one is open).
    /// <paramref name="closedWithSameDrift"/> is the newest pull request a reviewer closed for the report's drift, whatever
    /// came after it: a reviewer's "no" to a drift stands even when other pull requests were opened and resolved since.
    /// </summary>
    public static PullRequestDecision Decide(DriftReport? report, DriftAction action, PullRequestRecord? open, PullRequestRecord? latest, long runId, string baseRef,
        PullRequestRecord? closedWithSameDrift = null)
    {
        if (report is null || action != DriftAction.PullRequest)
        {
            if (open is not null)
            {
                return report is null
                    ? new Close(open, $"Drift is gone as of run {runId}; closing.", "drift is gone")
                    : new Close(open, $"drift.action is now {action}; closing.", "drift is no longer sent as pull requests");
            }
            return new RecordOnly(report is null ? "" : $"{report.Items.Count} drift item(s) recorded (drift.action: {action.ToString().ToLowerInvariant()})");
        }
        var closed = latest is { State: PullRequestState.Closed } && latest.Fingerprint == report.Fingerprint ? latest
            : closedWithSameDrift is { State: PullRequestState.Closed } c && c.Fingerprint == report.Fingerprint ? c : null;
        if (open is null && closed is not null)
        {
            return new LeaveAlone(closed, $"same drift as pull request #{closed.Id}, which a reviewer closed; not reopening");
        }
        if (open is null && latest is { State: PullRequestState.Merged } && latest.Fingerprint == report.Fingerprint)
        {
            // Merged on the forge, but the ref this run read does not have the merge yet: wait for it rather than ask again.
            return new LeaveAlone(latest, $"pull request #{latest.Id} with this drift was merged; waiting for the merge to reach {baseRef}");
        }
        if (open is not null && open.Fingerprint == report.Fingerprint && open.HeadCommit is not null)
        {
            return new LeaveAlone(open, $"pull request #{open.Id} already shows this drift");
        }
        return new Publish(open);
    }
}
