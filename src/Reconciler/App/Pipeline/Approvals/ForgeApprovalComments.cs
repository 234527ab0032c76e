using System.Text;
using GitOpsFleet.Forges;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>
/// The forge channel for approvals, the way Atlantis works: a waiting plan is posted as a comment on the pull request,
/// and an `/approve [reason]` or `/reject [reason]` comment after it, by an account listed in spec.approvals.approvers,
/// is recorded as that person's decision through <see cref="ApprovalDesk"/> (so the same rules hold as for the CLI and API).
/// The forge vouches for a comment's author; anyone else's command is ignored and logged.
/// </summary>
internal sealed partial class ForgeApprovalComments(IForgeClient client, IStateStore store, ILogger logger)
{
    public async Task<PostedPlan> PostPlanAsync(long pullRequest, long runId, string fleet, ApprovalReport approval, PlanReport? plan, CancellationToken cancellationToken)
    {
        var comment = await client.AddCommentAsync(pullRequest, Format(runId, fleet, approval, plan), cancellationToken);
        return new PostedPlan(runId, pullRequest, comment.Id);
    }

    /// <summary>Records the decisions found after the posted plan; returns those newly recorded. A decision seen on an earlier read is not recorded twice.</summary>
    public async Task<IReadOnlyList<ApprovalRecord>> CollectAsync(PostedPlan posted, ApprovalSettings rules, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var comments = await client.ListCommentsAsync(posted.PullRequest, cancellationToken);
        var at = comments.ToList().FindIndex(c => c.Id == posted.CommentId);
        // The plan comment was deleted: no command can be tied to a plan a person saw.
        if (at < 0) return [];
        var recorded = new List<ApprovalRecord>();
        foreach (var comment in comments.Skip(at + 1))
        {
            if (Parse(comment.Body) is not { } command) continue;
            var (decision, reason) = command;
            var approver = rules.Approvers?.FirstOrDefault(a => string.Equals(a, comment.Author, StringComparison.OrdinalIgnoreCase));
            if (approver is null)
            {
                CommentIgnored(logger, posted.RunId, posted.PullRequest, comment.Id, comment.Author);
                continue;
            }
            // An approval counts from when it was written, so an old comment read late does not get a fresh expiry.
            var answer = await ApprovalDesk.DecideAsync(store, posted.RunId, decision, approver, reason, comment.CreatedAt ?? now, cancellationToken);
            if (answer.Record is { } record)
            {
                CommentDecided(logger, posted.RunId, posted.PullRequest, comment.Id, approver, decision.ToString().ToLowerInvariant());
                recorded.Add(record);
            }
        }
        return recorded;
    }

    /// <summary>The command on a comment's first line: `/approve` or `/reject`, optionally followed by a reason.</summary>
    internal static (ApprovalDecision Decision, string? Reason)? Parse(string body)
    {
        var line = body.TrimStart().Split('\n', 2)[0].Trim();
        foreach (var (word, decision) in new[] { ("/approve", ApprovalDecision.Approve), ("/reject", ApprovalDecision.Reject) })
        {
            if (!line.StartsWith(word, StringComparison.Ordinal)) continue;
            var rest = line[word.Length..];
            // "/approved" or "/rejection" is prose, not the command.
            if (rest.Length > 0 && !char.IsWhiteSpace(rest[0])) return null;
            return (decision, rest.Trim() is { Length: > 0 } r ? r : null);
        }
        return null;
    }

    internal static string Format(long runId, string fleet, ApprovalReport approval, PlanReport? plan)
    {
        var text = new StringBuilder();
        text.Append("**GitOpsFleet: run ").Append(runId).Append(" of fleet `").Append(fleet).Append("` waits for approval**\n\n");
        text.Append(approval.Reason).Append("\n\n");
        text.Append("Plan `").Append(approval.Fingerprint).Append("`:\n\n");
        foreach (var action in plan?.Actions ?? [])
        {
            text.Append("- ").Append(action.Kind).Append(" `").Append(action.Pool).Append('/').Append(action.Node).Append("`\n");
        }
        text.Append("\nComment `/approve [reason]` or `/reject [reason]` (an account listed in `spec.approvals.approvers`). ")
            .Append(approval.Required).Append(" approval(s) needed; the next run applies exactly this plan, or a new plan waits if it changed.\n");
        return text.ToString();
    }

    [LoggerMessage(ApprovalEventIds.ForgeCommentDecided, LogLevel.Information, "Run {RunId}: comment {CommentId} on pull request {PullRequest} by {Approver} recorded as {Decision}")]
    private static partial void CommentDecided(ILogger logger, long runId, long pullRequest, long commentId, string approver, string decision);

    [LoggerMessage(ApprovalEventIds.ForgeCommentIgnored, LogLevel.Warning, "Run {RunId}: comment {CommentId} on pull request {PullRequest} by {Author} ignored: not listed in spec.approvals.approvers")]
    private static partial void CommentIgnored(ILogger logger, long runId, long pullRequest, long commentId, string author);
}
