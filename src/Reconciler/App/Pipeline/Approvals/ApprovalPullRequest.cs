using GitOpsFleet.Forges;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using Microsoft.Extensions.Logging;

namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>
/// Where a waiting plan meets a person on the forge. A manual plan stops before the drift pull request, so there is often
/// no pull request to comment on: the plan gets its own, from <c>gitopsfleet/approval/&lt;fleet&gt;</c>, whose body is the
/// plan, and the plan is posted there as a comment once per fingerprint (<see cref="ForgeApprovalComments"/>). The next run
/// of the fleet reads the answers before its approval gate, and closes the pull request once the plan was applied or
/// rejected, or no longer waits. Only remote forges (GitHub, Gitea, GitLab) and fleets listing spec.approvals.approvers take part.
/// Where the pull request stands is kept in the run records (<see cref="ApprovalThreadReport"/>), so a restart posts nothing twice.
/// A forge or push that fails never fails the run: the plan still waits for `gitopsfleet approve`, and the next run tries again.
/// </summary>
internal sealed class ApprovalPullRequest(IStateStore store, ForgeFactory forges, DriftBranchPublisher publisher, TimeProvider time, ILogger logger)
{
    /// <summary>How many of the fleet's latest runs are searched for the pull request; reconcile runs carry it forward, so the newest usually has it.</summary>
    private const int RunsSearched = 20;

    public static string BranchName(string fleet) => $"gitopsfleet/approval/{fleet}";

    /// <summary>Records the `/approve` and `/reject` answers to the posted plan, and returns where the pull request stands (null when there is none).</summary>
    public async Task<ApprovalThreadReport?> ReadAsync(RunContext context, CancellationToken cancellationToken)
    {
        if (Client(context) is not { } client) return null;
        var spec = context.Spec!;
        if (await LatestAsync(spec.Name, cancellationToken) is not { } thread) return null;
        context.Reported = context.Reported with { ApprovalThread = thread };
        if (!thread.Open) return thread;
        try
        {
            var recorded = await new ForgeApprovalComments(client, store, logger)
                .CollectAsync(new PostedPlan(thread.PostedRun, thread.PullRequest, thread.CommentId), spec.ApprovalRules, time.GetUtcNow(), cancellationToken);
            foreach (var decision in recorded)
            {
                context.Progress($"{decision.Approver} {(decision.Decision == ApprovalDecision.Approve ? "approved" : "rejected")} the plan of run {decision.RunId} on pull request #{thread.PullRequest}");
            }
        }
        catch (ForgeException ex)
        {
            context.Progress($"the answers on approval pull request #{thread.PullRequest} could not be read ({ex.Message}); tried again next run");
        }
        return thread;
    }

    /// <summary>Posts a waiting plan, unless the open pull request already shows this fingerprint. A plan that changed closes the old pull request (its plan lapsed) and opens a new one.</summary>
    public async Task PostAsync(RunContext context, ApprovalThreadReport? thread, ApprovalReport approval, CancellationToken cancellationToken)
    {
        if (Client(context) is not { } client) return;
        var spec = context.Spec!;
        if (thread is { Open: true } && thread.Fingerprint == approval.Fingerprint)
        {
            context.Progress($"the plan is posted on pull request #{thread.PullRequest}{At(thread.Url)}: answer there with /approve or /reject");
            return;
        }
        if (thread is { Open: true }) await CloseAsync(context, thread, $"the plan of run {thread.PostedRun} lapsed: run {context.RunId} planned something else and posts it on a new pull request", cancellationToken);
        var branch = BranchName(spec.Name);
        var plan = context.Reported.Plan;
        var body = ForgeApprovalComments.Format(context.RunId, spec.Name, approval, plan);
        try
        {
            var path = $"reports/approval/{spec.Name}.md";
            if (context.Files is SubdirectorySnapshot sub) path = sub.Full(path);
            await publisher.PublishToBranchAsync(context.Snapshot!, branch, new Dictionary<string, string> { [path] = body },
                $"Plan of run {context.RunId} waits for approval\n\nFingerprint {approval.Fingerprint}.", forges.PushAuthenticationFor(spec.Forge), cancellationToken);
            var content = new PullRequestContent(branch, BaseBranch(context.Snapshot!.Ref), $"GitOpsFleet: approve the plan of run {context.RunId} ({spec.Name})", body);
            var pr = await client.OpenOrUpdateAsync(content, null, cancellationToken);
            var posted = await new ForgeApprovalComments(client, store, logger).PostPlanAsync(pr.Number, context.RunId, spec.Name, approval, plan, cancellationToken);
            var opened = new ApprovalThreadReport
            {
                Branch = branch, PullRequest = pr.Number, Url = pr.Url, PostedRun = context.RunId, CommentId = posted.CommentId,
                Fingerprint = approval.Fingerprint, Open = true,
            };
            context.Reported = context.Reported with { ApprovalThread = opened };
            context.Progress($"plan posted on pull request #{pr.Number}{At(pr.Url)}: answer there with /approve or /reject");
        }
        catch (ForgeException ex)
        {
            context.Progress($"the plan could not be posted on {client.Kind} ({ex.Message}); tried again next run");
        }
        catch (GitSourceException ex)
        {
            context.Progress($"the plan could not be posted: {ex.Message}; tried again next run");
        }
    }

    /// <summary>Closes the pull request with a comment saying why; a person may have closed or merged it already.</summary>
    public async Task CloseAsync(RunContext context, ApprovalThreadReport thread, string why, CancellationToken cancellationToken)
    {
        if (!thread.Open || Client(context) is not { } client) return;
        try
        {
            var current = await client.GetAsync(thread.PullRequest, cancellationToken);
            if (current.State == ForgePullRequestState.Open) await client.CloseWithCommentAsync(thread.PullRequest, $"GitOpsFleet run {context.RunId}: {why}", cancellationToken);
            context.Reported = context.Reported with { ApprovalThread = thread with { Open = false, Closed = why } };
            context.Progress($"approval pull request #{thread.PullRequest} closed: {why}");
        }
        catch (ForgeException ex)
        {
            context.Progress($"approval pull request #{thread.PullRequest} could not be closed ({ex.Message}); tried again next run");
        }
    }

    private IForgeClient? Client(RunContext context)
    {
        var spec = context.Spec!;
        if (spec.ApprovalRules.Approvers is not { Count: > 0 } || spec.Forge.Kind == GitOpsFleet.Model.ForgeKind.Local) return null;
        try
        {
            return forges.ClientFor(spec.Forge);
        }
        catch (ForgeConfigurationException)
        {
            // The load step already said what is missing; without a client the plan waits for the CLI, API or dashboard.
            return null;
        }
    }

    private async Task<ApprovalThreadReport?> LatestAsync(string fleet, CancellationToken cancellationToken)
    {
        // Only a waiting run opens one: a fleet that never waited (most auto fleets) costs one query, not a search.
        if ((await store.ListRunsAsync(fleet, RunResults.Waiting, 1, 0, cancellationToken)).Count == 0) return null;
        foreach (var summary in await store.ListRunsAsync(fleet, null, RunsSearched, 0, cancellationToken))
        {
            if (await store.GetRunAsync(summary.Id, cancellationToken) is { } run && RunReport.Read(run).ApprovalThread is { } thread) return thread;
        }
        return null;
    }

    private static string At(string? url) => url is { Length: > 0 } ? $" ({url})" : "";

    private static string BaseBranch(string baseRef) =>
        baseRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? baseRef["refs/heads/".Length..] : baseRef;
}
