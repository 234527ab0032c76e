using System.Globalization;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline.Approvals;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>
/// Carries out an allowed plan, at most reconcile.maxParallel actions at a time. One failed node does not
/// stop the run: the others are still applied and their drift reported, and the run's result says it failed,
/// so the service tries again and the next run's plan holds the failed nodes again. Each provider call has
/// <paramref name="actionTimeout"/> (Providers:ActionTimeout) to answer.
/// </summary>
internal sealed class ApplyStep(ProviderSet providers, IStateStore store, ApprovalGate approvals, TimeSpan actionTimeout, TimeProvider time, ApprovalPullRequest? approvalPullRequest = null) : IRunStep
{
    /// <summary>Longer than the providers' own limits (Ansible's RunTimeout, Azure's OperationTimeout, 30 min), so theirs, which say more, end a slow call first.</summary>
    public static readonly TimeSpan DefaultActionTimeout = TimeSpan.FromMinutes(35);

    public string Name => "apply";

    public bool Reusable => true;

    public async Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken)
    {
        var spec = context.Spec!;
        var plan = context.Plan!;
        await RecordAgreementAsync(context, spec);
        if (context.Mode != RunMode.Reconcile)
        {
            return StepOutcome.Continue($"nothing applied ({context.Mode.ToString().ToLowerInvariant()})", "skipped");
        }
        // Answers given on the forge since the last run are recorded before the gate looks for approvals.
        var thread = approvalPullRequest is null ? null : await approvalPullRequest.ReadAsync(context, cancellationToken);
        if (plan.Actions.Count == 0)
        {
            if (thread is { Open: true }) await approvalPullRequest!.CloseAsync(context, thread, "nothing is left to apply: the plan that waited lapsed", cancellationToken);
            return StepOutcome.Continue("nothing to apply", "skipped");
        }
        // The whole plan waits, not just its deletes: a commit is one change, and its creates often stand in
        // for what it deletes (a validator pool renamed is a new pool plus a removed one). Creating the new
        // nodes while the old ones keep running would run both, and a validator running twice can be slashed.
        var needs = plan.Hold ?? (spec.Reconcile.Mode == ReconcileMode.Manual ? "reconcile.mode is manual: the plan waits for approval" : null);
        if (needs is not null)
        {
            var verdict = await approvals.CheckAsync(spec, context.Commit!, plan, needs, context.RunId, cancellationToken);
            context.Reported = context.Reported with { Approval = verdict.Report };
            if (!verdict.Approved)
            {
                if (approvalPullRequest is not null)
                {
                    if (verdict.Report.Status == "rejected")
                    {
                        if (thread is { Open: true }) await approvalPullRequest.CloseAsync(context, thread, $"the plan was rejected by {verdict.Report.RejectedBy}", cancellationToken);
                    }
                    else
                    {
                        await approvalPullRequest.PostAsync(context, thread, verdict.Report, cancellationToken);
                    }
                }
                return StepOutcome.Stalled(RunResults.Waiting, verdict.Message);
            }
            context.Progress(verdict.Message);
        }
        else if (thread is { Open: true })
        {
            await approvalPullRequest!.CloseAsync(context, thread, "the plan no longer waits for approval: the plan that waited lapsed", cancellationToken);
        }
        if (await OldNodesStillThereAsync(context, spec, plan, cancellationToken) is { } stillThere) return StepOutcome.Stalled(RunResults.Refused, stillThere);
        context.Progress($"applying {plan.Actions.Count} action(s), at most {spec.Reconcile.MaxParallel} at a time");
        var results = await ApplyAsync(context, spec, plan, cancellationToken);
        context.Results = results;
        var failed = results.Count(r => r.Outcome is ActionOutcome.Failed or ActionOutcome.Retry);
        context.Result = failed > 0 ? RunResults.Failed : RunResults.Succeeded;
        context.Reported = context.Reported with { Results = ReportParts.Results(results) };
        if (needs is not null && thread is { Open: true })
        {
            await approvalPullRequest!.CloseAsync(context, thread, $"the approved plan was applied ({Summary(results, failed)})", cancellationToken);
        }
        // Drift this run repaired is no longer outstanding. A node that died stays in the report, marked replaced: the
        // run fixed the symptom, but a node dying is a failure someone should see in the report and the pull request.
        var repaired = results.Where(r => r.Outcome == ActionOutcome.Succeeded).Select(r => r.Action.Node).ToHashSet(StringComparer.Ordinal);
        context.DriftToReport = plan.Drift
            .Where(d => !repaired.Contains(d.Node) || d.Kind == DriftKind.Missing)
            .Select(d => repaired.Contains(d.Node) ? d with { Repaired = true, Message = $"{d.Message}; replaced by run {context.RunId}" } : d)
            .ToList();
        return StepOutcome.Continue(Summary(results, failed), failed > 0 ? "failed" : "ok");
    }

    private async Task<IReadOnlyList<ActionResult>> ApplyAsync(RunContext context, FleetSpec spec, Plan plan, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, spec.Reconcile.MaxParallel));
        var tasks = plan.Actions.Select(async action =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                context.Reporter.ActionStarted(action);
                var result = await ApplyOneAsync(context, action, cancellationToken);
                if (result.Outcome == ActionOutcome.Succeeded && (action.Desired is not null || !RecordBelongsToTwin(action, context.Observed)))
                {
                    await store.SetAppliedAsync(spec.Name, action.Node, action.Desired is { } d ? Record(spec, d) : null, context.RunId, CancellationToken.None);
                }
                context.Reporter.ActionFinished(result);
                return result;
            }
            finally
            {
                gate.Release();
            }
        });
        return await Task.WhenAll(tasks);
    }

    private async Task<ActionResult> ApplyOneAsync(RunContext context, PlannedAction action, CancellationToken cancellationToken)
    {
        if (providers.Find(action.Provider) is not { } provider) return ActionResult.Failure(action, $"no provider named {action.Provider}", TimeSpan.Zero);
        using var span = ChildSpans.Start("provider.apply", TelemetryTags.Provider, provider.Name);
        span?.SetTag(TelemetryTags.Node, action.Node);
        span?.SetTag(TelemetryTags.Action, action.Kind.ToString().ToLowerInvariant());
        using var deadline = new CancellationTokenSource(actionTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = time.GetTimestamp();
        Task<ActionResult>? call = null;
        try
        {
            call = provider.ApplyAsync(action, context.Scopes[action.Provider], linked.Token);
            // Waiting on the token as well as passing it: a provider that ignores its token (a blocking SDK call, a wait
            // on a process that never ends) would otherwise hold its slot, and the run, for ever. Such a call is
            // abandoned, not stopped, and its slot given to the next action, so it alone may take maxParallel past the limit.
            return await call.WaitAsync(linked.Token);
        }
        catch (Exception ex) when (ChildSpans.Failed(span, ex)) { throw; }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Abandon(call);
            return new ActionResult(action, ActionOutcome.Retry,
                string.Create(CultureInfo.InvariantCulture, $"{action.Node}: the {provider.Name} provider gave no answer within {actionTimeout.TotalSeconds:0.#} s (Providers:ActionTimeout); tried again next run"),
                null, time.GetElapsedTime(started), []);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Cancelled inside the provider (an HTTP client's own timeout), not by this run: transient, and no reason to end the run.
            return new ActionResult(action, ActionOutcome.Retry, $"{action.Node}: {context.Redact(ex.Message)}", null, time.GetElapsedTime(started), []);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ActionResult.Failure(action, $"{action.Node}: {context.Redact(ex.Message)}", time.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Doppelganger safety: an approved replacement of a replacement: manual node (a validator) starts only once its provider
    /// confirms the old one gone. The approval stands (same fingerprint), so the next run applies the plan when it is.
    /// Nothing of the plan is applied meanwhile, as with the hold: its other actions may stand in for this one.
    /// </summary>
    private async Task<string?> OldNodesStillThereAsync(RunContext context, FleetSpec spec, Plan plan, CancellationToken cancellationToken)
    {
        var manual = spec.Pools.Where(p => p.Replacement == ReplacementPolicy.Manual).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var reasons = new List<string>();
        foreach (var action in plan.Actions.Where(a => a.Kind == ActionKind.Replace && manual.Contains(a.Pool)))
        {
            if (providers.Find(action.Provider) is not { } provider || !context.Scopes.TryGetValue(action.Provider, out var scope)) continue;
            if (await provider.ConfirmGoneAsync(action, scope, cancellationToken) is { } why) reasons.Add(why);
        }
        if (reasons.Count == 0) return null;
        return $"not replaced: {string.Join("; ", reasons)}. A validator must never sign from two places (doppelganger safety): "
            + "stop the old one, then run again; the approval still counts while it has not expired";
    }

    /// <summary>
    /// A node we did not start (hand-started, or one the provider cannot tell is ours) that shares its name with a node we
    /// manage: deleting it leaves the last-applied record alone, since the record is the managed node's, and forgetting it
    /// would make that node's next difference look like its first configuration.
    /// </summary>
    internal static bool RecordBelongsToTwin(PlannedAction action, IReadOnlyList<ObservedNode> observed) =>
        action.Kind == ActionKind.Delete && action.Observed is { Managed: false } stray
        && observed.Any(o => o.Managed && o.Name == action.Node && !ReferenceEquals(o, stray));

    /// <summary>An abandoned call may still fail later; its exception is observed here, as no one awaits it any more.</summary>
    private static void Abandon(Task? call) =>
        call?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>The step's line in `runs show`: the counts, and each node that did not succeed, so the record names them without the results.</summary>
    private static string Summary(IReadOnlyList<ActionResult> results, int failed)
    {
        var counts = $"{results.Count - failed} succeeded, {failed} failed";
        if (failed == 0) return counts;
        var names = results.Where(r => r.Outcome is ActionOutcome.Failed or ActionOutcome.Retry)
            .Select(r => $"{r.Action.Node} ({r.Outcome.ToString().ToLowerInvariant()})");
        return $"{counts}: {string.Join(", ", names)}";
    }

    /// <summary>
    /// Where a node already matches Git (after a merged drift pull request, or a change made by hand that
    /// Git now also says), that agreement becomes the last-applied record, so a later change on the
    /// machine is seen as drift rather than mistaken for a change in Git.
    /// </summary>
    private async Task RecordAgreementAsync(RunContext context, FleetSpec spec)
    {
        var byName = context.Observed.Where(o => o.Managed && o.State != NodeState.Dead).GroupBy(o => o.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var agreed = new Dictionary<string, NodeSpecRecord>(context.Applied, StringComparer.Ordinal);
        var wrote = false;
        foreach (var node in context.Layouts.Values.SelectMany(l => l))
        {
            if (!byName.TryGetValue(node.Name, out var seen) || seen.ProviderDrift is { Count: > 0 }) continue;
            var wanted = Record(spec, node);
            if (!wanted.SameAs(NodeSpecRecord.Of(seen))) continue;
            if (context.Applied.TryGetValue(node.Name, out var last) && last.SameAs(wanted) && last.ManualReplacement == wanted.ManualReplacement) continue;
            await store.SetAppliedAsync(spec.Name, node.Name, wanted, context.RunId, CancellationToken.None);
            agreed[node.Name] = wanted;
            wrote = true;
        }
        // What the store now holds, so a settled run's observed key is the one the next run will read.
        if (wrote) context.Applied = agreed;
    }

    /// <summary>What was applied, and whether the node's pool is manual: the delete guard needs that after the pool's file is gone.</summary>
    private static NodeSpecRecord Record(FleetSpec spec, DesiredNode node) => NodeSpecRecord.Of(node) with
    {
        ManualReplacement = spec.Pools.Any(p => p.Name == node.Pool && p.Replacement == ReplacementPolicy.Manual),
    };
}
