using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>
/// Opens, updates or closes the fleet's drift pull request, as <see cref="PullRequestDecision.Decide"/> says.
/// A forge that cannot be reached does not fail the run: the report is in the run record and the next run publishes it.
/// </summary>
internal sealed class DriftPullRequestStep(IStateStore store, ForgeFactory forges, DriftBranchPublisher publisher) : IRunStep
{
    public string Name => "drift-pull-request";

    public bool Reusable => true;

    public async Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec!;
        var report = context.Report;
        if (context.Forge is not { } forge)
        {
            return StepOutcome.Continue(report is null ? "no forge" : $"drift recorded in run {context.RunId}, no pull request: {context.ForgeProblem}", "skipped");
        }
        var open = await store.GetOpenPullRequestAsync(spec.Name, cancellationToken);
        var latest = open ?? await store.GetLatestPullRequestAsync(spec.Name, cancellationToken);
        var closedWithSameDrift = report is null ? null
            : context.EarlierClosedReviews.Where(p => p.Fingerprint == report.Fingerprint).MaxBy(p => p.Id);
        var decision = PullRequestDecision.Decide(report, spec.Drift.Action, open, latest, context.RunId, context.Snapshot!.Ref, closedWithSameDrift);
        try
        {
            switch (decision)
            {
                case PullRequestDecision.RecordOnly only:
                    return StepOutcome.Continue(only.Message, "skipped");
                case PullRequestDecision.Close close:
                    PullRequestRecord closed;
                    using (ChildSpans.Start("forge.close", TelemetryTags.Forge, forge.Kind)) closed = await forge.CloseAsync(close.PullRequest, close.Comment, cancellationToken);
                    if (closed.State == PullRequestState.Closed) closed = await store.SavePullRequestAsync(closed with { State = PullRequestState.Resolved }, cancellationToken);
                    Keep(context, closed);
                    return StepOutcome.Continue($"pull request #{closed.Id} {closed.State.ToString().ToLowerInvariant()}: {close.Message}");
                case PullRequestDecision.LeaveAlone leave:
                    Keep(context, leave.PullRequest);
                    return StepOutcome.Continue(leave.Message);
                case PullRequestDecision.Publish publish:
                    return await PublishAsync(context, spec, forge, report!, publish.Open, cancellationToken);
                default:
                    throw new InvalidOperationException($"unknown pull request decision {decision.GetType().Name}");
            }
        }
        catch (ForgeSyncException ex)
        {
            context.Reported = context.Reported with { ForgeError = ex.Message };
            Keep(context, ex.Record);
            return StepOutcome.Continue($"forge {forge.Kind} {(ex.Retryable ? "unavailable, will retry" : "refused")}: {ex.Message}", "failed");
        }
    }

    private async Task<StepOutcome> PublishAsync(RunContext context, FleetSpec spec, IForge forge, DriftReport report, PullRequestRecord? open, CancellationToken cancellationToken)
    {
        context.Progress($"publishing {report.Items.Count} drift item(s)");
        var branch = DriftBranchPublisher.BranchName(spec.Name);
        var nodesByPool = context.Layouts.ToDictionary(l => l.Key, l => (IReadOnlyList<string>)l.Value.Select(n => n.Name).ToList(), StringComparer.Ordinal);
        var edits = PoolFileEditor.Compute(context.Files!, spec, report.Items, nodesByPool);
        var markdown = report.ToMarkdown($"gitopsfleet runs show {context.RunId}") + (edits.ToMarkdown() is { Length: > 0 } e ? "\n" + e : "");
        var files = new Dictionary<string, string>(edits.Files, StringComparer.Ordinal)
        {
            [report.MarkdownPath] = markdown,
            [report.JsonPath] = report.ToJson(),
        };
        string head;
        try
        {
            if (context.Files is SubdirectorySnapshot sub) files = files.ToDictionary(f => sub.Full(f.Key), f => f.Value, StringComparer.Ordinal);
            head = await publisher.PublishAsync(context.Snapshot!, spec.Name, files,
                $"{report.Title}\n\nReport of run {context.RunId} (fingerprint {report.Fingerprint}).", forges.PushAuthenticationFor(spec.Forge), cancellationToken);
        }
        catch (GitSourceException ex)
        {
            context.PullRequest = open;
            return StepOutcome.Continue(ex.Message, "failed");
        }
        using var span = ChildSpans.Start("forge.publish", TelemetryTags.Forge, forge.Kind);
        var pr = await forge.OpenOrUpdateAsync(open, new PullRequestDraft(spec.Name, branch, context.Snapshot!.Ref, report.Title, markdown, report.Fingerprint, head, context.RunId), cancellationToken);
        Keep(context, pr);
        return StepOutcome.Continue($"pull request #{pr.Id} {(open is null || (open.Url is null && pr.Url is not null) ? "opened" : "updated")} on branch {branch}{(edits.Edits.Count > 0 ? $" with {edits.Edits.Count} value(s) to accept" : "")}");
    }

    private static void Keep(RunContext context, PullRequestRecord? pullRequest)
    {
        context.PullRequest = pullRequest;
        context.Reported = context.Reported with { PullRequest = pullRequest is null ? null : ReportParts.PullRequest(pullRequest) };
    }
}
