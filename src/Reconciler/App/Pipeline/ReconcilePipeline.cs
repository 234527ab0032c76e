using System.Diagnostics;
using System.Text.Json.Nodes;
using GitOpsFleet.Loading;
using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Model;
using GitOpsFleet.Reconciler.Drift;
using GitOpsFleet.Reconciler.Forges;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// One run: fetch, load, scale, observe, plan, check policy, apply, report drift, record.
/// Level-triggered: every run re-observes and re-plans, so a crash anywhere is repaired by the
/// next run. The run record is written in <c>finally</c>, whatever happened.
/// </summary>
internal sealed partial class ReconcilePipeline(
    StateHome home,
    GitSource git,
    IStateStore store,
    ProviderSet providers,
    ForgeFactory forges,
    DriftBranchPublisher publisher,
    IDesiredStateStep desiredState,
    IPolicyGate policyGate,
    TimeProvider time)
{
    // One loader for the life of the pipeline: it keeps parsed pool files by content, so a service that
    // runs the same fleet every few minutes parses only the files a commit changed.
    private readonly FleetLoader _loader = new();
    private readonly FleetLoadOptions _loadOptions = new() { KnownProviders = providers.KnownNames };

    public async Task<RunOutcome> RunAsync(FleetTarget target, RunMode mode, string trigger, IRunReporter reporter, CancellationToken cancellationToken)
    {
        using var runLock = await FleetRunLock.AcquireAsync(home, target.Location.CacheKey, TimeSpan.FromSeconds(60), cancellationToken);
        var started = time.GetUtcNow();
        var clock = Stopwatch.StartNew();
        var runId = await store.StartRunAsync(target.Location.Display, target.Location.Display, trigger, started, CancellationToken.None);
        var doc = new JsonObject { ["mode"] = mode.ToString().ToLowerInvariant(), ["repository"] = target.Location.Display, ["ref"] = target.Ref };
        var stages = new JsonArray();
        doc["stages"] = stages;
        var ctx = new RunContext(runId, target, mode, doc, stages, reporter) { SnapshotsRoot = home.Snapshots };
        var outcome = new RunOutcome(runId, target.Location.Display, RunResults.Failed, null, [], null, [], null, null, null);
        try
        {
            outcome = await ExecuteAsync(ctx, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = outcome with { Fleet = ctx.FleetName ?? outcome.Fleet, Commit = ctx.Commit, Result = RunResults.Cancelled, Error = "the run was cancelled" };
        }
        catch (Exception ex)
        {
            // A bug or a broken environment: record it so the run explains itself, then let the caller report it.
            outcome = outcome with { Fleet = ctx.FleetName ?? outcome.Fleet, Commit = ctx.Commit, Result = RunResults.Failed, Error = $"internal error: {Redact(ctx, ex.Message)}" };
            doc["exception"] = Redact(ctx, ex.ToString());
        }
        finally
        {
            ctx.Snapshot?.Dispose();
            doc["result"] = outcome.Result;
            doc["error"] = outcome.Error;
            var record = new RunRecord(runId, outcome.Fleet, target.Location.Display, outcome.Commit, trigger, started,
                started + clock.Elapsed, outcome.Result, Summarize(outcome), doc);
            await store.FinishRunAsync(record, CancellationToken.None);
        }
        return outcome;
    }

    private async Task<RunOutcome> ExecuteAsync(RunContext ctx, CancellationToken cancellationToken)
    {
        var fail = (string result, string error) => new RunOutcome(ctx.RunId, ctx.FleetName ?? ctx.Target.Location.Display, result, ctx.Commit, ctx.Diagnostics, null, [], null, null, error);

        // 1. Fetch. A source that cannot be fetched is never read as an empty fleet: the run stops here.
        var fetch = ctx.BeginStage("fetch", $"fetching {ctx.Target.Location.Display}{(ctx.Target.Ref is { } r ? "@" + r : "")}");
        try
        {
            ctx.Snapshot = await git.FetchAsync(ctx.Target.Location, ctx.Target.Ref, ctx.Target.Credentials, cancellationToken);
        }
        catch (GitSourceException ex)
        {
            ctx.EndStage(fetch, "failed", ex.Message);
            return fail(RunResults.Unreachable, ex.Message);
        }
        ctx.Commit = ctx.Snapshot.Commit;
        ctx.Doc["commit"] = ctx.Commit;
        ctx.Doc["ref"] = ctx.Snapshot.Ref;
        ctx.Doc["commitMessage"] = ctx.Snapshot.Message;
        ctx.EndStage(fetch, "ok", $"{ctx.Snapshot.Ref} at {ctx.Commit[..12]} \"{ctx.Snapshot.Message}\"{(ctx.Target.Path is { Length: > 0 } folder ? $", fleet in {folder}/" : "")}");
        ISourceSnapshot files = ctx.Target.Path is { Length: > 0 } path && path.Trim('/', '.').Length > 0 ? new SubdirectorySnapshot(ctx.Snapshot, path) : ctx.Snapshot;
        ctx.Files = files;

        // 2. Load and validate. A fleet that does not load is not reconciled at all.
        var load = ctx.BeginStage("load", "loading fleet.yaml and pools/");
        var loaded = _loader.Load(files, _loadOptions);
        ctx.Diagnostics = files is SubdirectorySnapshot sub ? loaded.Diagnostics.Select(d => d with { Path = sub.Full(d.Path) }).ToList() : loaded.Diagnostics;
        ctx.Doc["diagnostics"] = new JsonArray(ctx.Diagnostics.Select(d => (JsonNode)d.ToString()).ToArray());
        if (!loaded.Succeeded || loaded.Fleet is null)
        {
            var errors = ctx.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
            ctx.EndStage(load, "failed", $"{errors} problem(s); nothing of this fleet is applied");
            return fail(RunResults.Invalid, $"the fleet at {ctx.Commit[..12]} does not load ({errors} problem(s)); nothing was applied");
        }
        var spec = loaded.Fleet;
        if (ctx.Target.Policy is { } policySource)
        {
            // The service's fleet list may name the security team's policy repository; it wins over fleet.yaml.
            spec = spec with { Policies = spec.Policies with { Source = policySource } };
        }
        ctx.FleetName = spec.Name;
        ctx.EndStage(load, "ok", $"fleet {spec.Name}: {spec.Pools.Count} pool(s)");
        try
        {
            ctx.Forge = forges.For(spec.Forge);
        }
        catch (ForgeConfigurationException ex)
        {
            ctx.ForgeProblem = ex.Message;
            ctx.Reporter.Stage("drift", $"forge {spec.Forge.Kind}: {ex.Message}");
        }

        // 3. Providers: availability, then observation of the whole fleet (so removed pools and hand-started nodes are seen).
        var observeStage = ctx.BeginStage("observe", "observing providers");
        string? snapshotDir = spec.Pools.Any(p => p.Ansible is not null) ? ExportFleetFolder(ctx) : null;
        var unavailable = new Dictionary<string, string>(StringComparer.Ordinal);
        var observed = new List<ObservedNode>();
        var observeFailed = false;
        var scopes = new Dictionary<string, FleetScope>(StringComparer.Ordinal);
        foreach (var name in spec.Pools.Select(p => p.Provider).Distinct(StringComparer.Ordinal).Where(n => providers.Find(n) is null))
        {
            unavailable[name] = $"the {name} provider is not enabled in this process";
            ctx.Reporter.Stage("observe", $"provider {name} skipped: {unavailable[name]}");
        }
        foreach (var provider in providers.All)
        {
            var scope = new FleetScope(spec.Name, ctx.Commit!, snapshotDir, spec, spec.Pools.Where(p => p.Provider == provider.Name).ToList());
            scopes[provider.Name] = scope;
            var used = scope.Pools.Count > 0;
            var availability = await provider.CheckAvailabilityAsync(scope, cancellationToken);
            if (!availability.IsAvailable)
            {
                unavailable[provider.Name] = availability.Reason ?? "not available";
                if (used) ctx.Reporter.Stage("observe", $"provider {provider.Name} skipped: {availability.Reason}");
                continue;
            }
            try
            {
                observed.AddRange(await provider.ObserveAsync(scope, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An unobservable provider is never read as empty: its pools are left alone this run.
                unavailable[provider.Name] = $"cannot observe: {Redact(ctx, ex.Message)}";
                observeFailed |= used;
                ctx.Reporter.Stage("observe", $"provider {provider.Name}: {unavailable[provider.Name]}");
            }
        }
        ctx.Doc["observed"] = Json.Observed(observed);
        ctx.Doc["unavailableProviders"] = Json.Map(unavailable);
        ctx.EndStage(observeStage, observeFailed ? "degraded" : "ok", $"{observed.Count} node(s) observed");

        // 4. Desired state: replica counts (scaling scripts) and each pool's node layout.
        var desiredStage = ctx.BeginStage("desired", "computing desired replicas");
        var current = observed.Where(n => n.State != NodeState.Dead && n.Pool is not null)
            .GroupBy(n => n.Pool!).ToDictionary(g => g.Key, g => g.Sum(n => n.Capacity), StringComparer.Ordinal);
        var desired = await desiredState.ComputeAsync(spec, ctx.Commit!, files, current, observed, cancellationToken);
        var layouts = new Dictionary<string, IReadOnlyList<DesiredNode>>(StringComparer.Ordinal);
        foreach (var pool in desired.Fleet.Pools)
        {
            if (unavailable.ContainsKey(pool.Spec.Provider) || providers.Find(pool.Spec.Provider) is not { } provider) continue;
            try
            {
                layouts[pool.Spec.Name] = await provider.LayoutAsync(scopes[provider.Name], pool.Spec, pool.Replicas, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                unavailable[pool.Spec.Provider] = $"cannot lay out pool {pool.Spec.Name}: {Redact(ctx, ex.Message)}";
                observeFailed = true;
            }
        }
        ctx.Doc["desired"] = Json.Desired(desired.Fleet);
        ctx.Doc["scaling"] = desired.Details;
        ctx.EndStage(desiredStage, "ok", string.Join(", ", desired.Fleet.Pools.Select(p => $"{p.Spec.Name}={p.Replicas}")));

        // 5. Plan (pure).
        var applied = await store.GetAppliedAsync(spec.Name, cancellationToken);
        var review = await ReviewPullRequestAsync(ctx, spec, cancellationToken);
        var plan = Planner.Create(new PlanInput(desired.Fleet, layouts, observed, applied, unavailable));
        if (review is { State: PullRequestState.Closed } closedPr && plan.Drift.Count > 0 && spec.Drift.Action == DriftAction.PullRequest
            && DriftReport.FingerprintOf(plan.Drift) == closedPr.Fingerprint)
        {
            // A reviewer closed the drift pull request without merging: Git wins, so this drift is healed.
            ctx.Reporter.Stage("drift", $"pull request #{closedPr.Id} was closed without merging: restoring Git's state");
            var healing = desired.Fleet with { Spec = spec with { Drift = new DriftSettings(DriftAction.Heal) } };
            plan = Planner.Create(new PlanInput(healing, layouts, observed, applied, unavailable));
        }
        if (ctx.Mode != RunMode.Plan) await RecordAgreementAsync(ctx, spec, layouts, observed, applied);
        ctx.Doc["plan"] = Json.Plan(plan);
        ctx.Reporter.Stage("plan", plan.Summary);
        foreach (var note in plan.Notes) ctx.Reporter.Stage("plan", note);

        var outstanding = plan.Drift;
        var report = outstanding.Count > 0 ? new DriftReport(spec.Name, ctx.Commit!, ctx.RunId, time.GetUtcNow(), outstanding) : null;
        var baseOutcome = new RunOutcome(ctx.RunId, spec.Name, RunResults.Planned, ctx.Commit, ctx.Diagnostics, plan, [], report, null, null);

        if (plan.Refusal is not null)
        {
            ctx.Reporter.Stage("plan", plan.Refusal);
            return baseOutcome with { Result = RunResults.Refused, Error = plan.Refusal };
        }

        // 6. Policy: admission on the desired fleet, plan stage on the plan. Fail closed.
        var policyStage = ctx.BeginStage("policy", "evaluating policies");
        var decision = await policyGate.EvaluateAsync(new PolicyGateInput(spec, desired.Fleet, files, observed, plan, ctx.RunId), cancellationToken);
        ctx.Doc["decisions"] = decision.ToJson();
        ctx.EndStage(policyStage, decision.Allowed ? "allow" : "deny", decision.Summary);
        if (ctx.Mode == RunMode.Plan)
        {
            return baseOutcome with { Result = decision.Allowed ? RunResults.Planned : RunResults.Denied, Error = decision.Allowed ? null : decision.Summary };
        }

        IReadOnlyList<ActionResult> results = [];
        var result = RunResults.NoChanges;
        if (ctx.Mode == RunMode.Reconcile && plan.Actions.Count > 0)
        {
            if (!decision.Allowed)
            {
                result = RunResults.Denied;
                ctx.Reporter.Stage("apply", $"nothing applied: {decision.Summary}");
            }
            else if (spec.Reconcile.Mode == ReconcileMode.Manual)
            {
                result = RunResults.Waiting;
                ctx.Reporter.Stage("apply", "reconcile.mode is manual: the plan waits for approval");
            }
            else
            {
                var applyStage = ctx.BeginStage("apply", $"applying {plan.Actions.Count} action(s), at most {spec.Reconcile.MaxParallel} at a time");
                results = await ApplyAsync(ctx, spec, plan, scopes, cancellationToken);
                var failed = results.Count(r => r.Outcome is ActionOutcome.Failed or ActionOutcome.Retry);
                result = failed > 0 ? RunResults.Failed : RunResults.Succeeded;
                ctx.Doc["results"] = Json.Results(results);
                ctx.EndStage(applyStage, failed > 0 ? "failed" : "ok", $"{results.Count - failed} succeeded, {failed} failed");
                // Drift that this run repaired is reported in the run, but is no longer outstanding.
                var repaired = results.Where(r => r.Outcome == ActionOutcome.Succeeded).Select(r => r.Action.Node).ToHashSet(StringComparer.Ordinal);
                outstanding = plan.Drift.Where(d => !repaired.Contains(d.Node)).ToList();
            }
        }
        if (ctx.Mode == RunMode.DriftCheck) result = outstanding.Count > 0 ? RunResults.Drift : RunResults.NoChanges;
        if (observeFailed && result is RunResults.NoChanges or RunResults.Succeeded) result = RunResults.Failed;

        report = outstanding.Count > 0 ? new DriftReport(spec.Name, ctx.Commit!, ctx.RunId, time.GetUtcNow(), outstanding) : null;
        ctx.Doc["drift"] = report is null ? null : JsonNode.Parse(report.ToJson());

        // 7. Drift pull request.
        var pr = await PublishDriftAsync(ctx, spec, report, layouts, cancellationToken);
        return baseOutcome with { Result = result, Results = results, Drift = report, PullRequest = pr, Error = result == RunResults.Denied ? decision.Summary : null };
    }

    private async Task<IReadOnlyList<ActionResult>> ApplyAsync(RunContext ctx, FleetSpec spec, Plan plan, IReadOnlyDictionary<string, FleetScope> scopes, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, spec.Reconcile.MaxParallel));
        var tasks = plan.Actions.Select(async action =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                ctx.Reporter.ActionStarted(action);
                var provider = providers.Find(action.Provider);
                ActionResult result;
                if (provider is null)
                {
                    result = ActionResult.Failure(action, $"no provider named {action.Provider}", TimeSpan.Zero);
                }
                else
                {
                    try
                    {
                        result = await provider.ApplyAsync(action, scopes[action.Provider], cancellationToken);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        result = ActionResult.Failure(action, $"{action.Node}: {Redact(ctx, ex.Message)}", TimeSpan.Zero);
                    }
                }
                if (result.Outcome == ActionOutcome.Succeeded)
                {
                    await store.SetAppliedAsync(spec.Name, action.Node, action.Desired is { } d ? NodeSpecRecord.Of(d) : null, ctx.RunId, CancellationToken.None);
                }
                ctx.Reporter.ActionFinished(result);
                return result;
            }
            finally
            {
                gate.Release();
            }
        });
        return await Task.WhenAll(tasks);
    }

    private async Task<PullRequestRecord?> PublishDriftAsync(RunContext ctx, FleetSpec spec, DriftReport? report, IReadOnlyDictionary<string, IReadOnlyList<DesiredNode>> layouts, CancellationToken cancellationToken)
    {
        if (ctx.Mode == RunMode.Plan) return null;
        var forge = ctx.Forge;
        if (forge is null)
        {
            if (report is not null) ctx.Reporter.Stage("drift", $"drift recorded in run {ctx.RunId}, no pull request: {ctx.ForgeProblem}");
            return null;
        }
        var open = await store.GetOpenPullRequestAsync(spec.Name, cancellationToken);
        try
        {
            if (report is null || spec.Drift.Action != DriftAction.PullRequest)
            {
                if (open is not null)
                {
                    var closed = await forge.CloseAsync(open, report is null ? $"Drift is gone as of run {ctx.RunId}; closing." : $"drift.action is now {spec.Drift.Action}; closing.", cancellationToken);
                    if (closed.State == PullRequestState.Closed) closed = await store.SavePullRequestAsync(closed with { State = PullRequestState.Resolved }, cancellationToken);
                    ctx.Reporter.Stage("drift", $"pull request #{closed.Id} {closed.State.ToString().ToLowerInvariant()}: {(report is null ? "drift is gone" : "drift is no longer sent as pull requests")}");
                    ctx.Doc["pullRequest"] = Json.PullRequest(closed);
                    return closed;
                }
                if (report is not null) ctx.Reporter.Stage("drift", $"{report.Items.Count} drift item(s) recorded (drift.action: {spec.Drift.Action.ToString().ToLowerInvariant()})");
                return null;
            }

            var latest = open ?? await store.GetLatestPullRequestAsync(spec.Name, cancellationToken);
            if (open is null && latest is { State: PullRequestState.Closed } && latest.Fingerprint == report.Fingerprint)
            {
                ctx.Reporter.Stage("drift", $"same drift as pull request #{latest.Id}, which a reviewer closed; not reopening");
                ctx.Doc["pullRequest"] = Json.PullRequest(latest);
                return latest;
            }
            if (open is null && latest is { State: PullRequestState.Merged } && latest.Fingerprint == report.Fingerprint)
            {
                // Merged on the forge, but the ref this run read does not have the merge yet: wait for it rather than ask again.
                ctx.Reporter.Stage("drift", $"pull request #{latest.Id} with this drift was merged; waiting for the merge to reach {ctx.Snapshot!.Ref}");
                ctx.Doc["pullRequest"] = Json.PullRequest(latest);
                return latest;
            }
            if (open is not null && open.Fingerprint == report.Fingerprint && open.HeadCommit is not null)
            {
                ctx.Reporter.Stage("drift", $"pull request #{open.Id} already shows this drift");
                ctx.Doc["pullRequest"] = Json.PullRequest(open);
                return open;
            }
            var stage = ctx.BeginStage("drift", $"publishing {report.Items.Count} drift item(s)");
            var branch = DriftBranchPublisher.BranchName(spec.Name);
            var nodesByPool = layouts.ToDictionary(l => l.Key, l => (IReadOnlyList<string>)l.Value.Select(n => n.Name).ToList(), StringComparer.Ordinal);
            var edits = PoolFileEditor.Compute(ctx.Files!, spec, report.Items, nodesByPool);
            var markdown = report.ToMarkdown($"gitopsfleet runs show {ctx.RunId}") + (edits.ToMarkdown() is { Length: > 0 } e ? "\n" + e : "");
            var files = new Dictionary<string, string>(edits.Files, StringComparer.Ordinal)
            {
                [report.MarkdownPath] = markdown,
                [report.JsonPath] = report.ToJson(),
            };
            string head;
            try
            {
                if (ctx.Files is SubdirectorySnapshot sub) files = files.ToDictionary(f => sub.Full(f.Key), f => f.Value, StringComparer.Ordinal);
                head = await publisher.PublishAsync(ctx.Snapshot!, spec.Name, files,
                    $"{report.Title}\n\nReport of run {ctx.RunId} (fingerprint {report.Fingerprint}).", forges.PushAuthenticationFor(spec.Forge), cancellationToken);
            }
            catch (GitSourceException ex)
            {
                ctx.EndStage(stage, "failed", ex.Message);
                return open;
            }
            var pr = await forge.OpenOrUpdateAsync(open, new PullRequestDraft(spec.Name, branch, ctx.Snapshot!.Ref, report.Title, markdown, report.Fingerprint, head, ctx.RunId), cancellationToken);
            ctx.EndStage(stage, "ok", $"pull request #{pr.Id} {(open is null || (open.Url is null && pr.Url is not null) ? "opened" : "updated")} on branch {branch}{(edits.Edits.Count > 0 ? $" with {edits.Edits.Count} value(s) to accept" : "")}");
            ctx.Doc["pullRequest"] = Json.PullRequest(pr);
            return pr;
        }
        catch (ForgeSyncException ex)
        {
            // The report is kept in the state store; the next run publishes it again.
            ctx.Reporter.Stage("drift", $"forge {forge.Kind} {(ex.Retryable ? "unavailable, will retry" : "refused")}: {ex.Message}");
            ctx.Doc["pullRequest"] = Json.PullRequest(ex.Record);
            ctx.Doc["forgeError"] = ex.Message;
            return ex.Record;
        }
    }

    /// <summary>Mirrors the open drift pull request from its forge: merged means Git accepted the drift, closed means Git wins.</summary>
    private async Task<PullRequestRecord?> ReviewPullRequestAsync(RunContext ctx, FleetSpec spec, CancellationToken cancellationToken)
    {
        if (ctx.Forge is null) return null;
        var latest = await store.GetLatestPullRequestAsync(spec.Name, cancellationToken);
        if (latest is null) return null;
        if (latest.State == PullRequestState.Open)
        {
            try
            {
                latest = await ctx.Forge.RefreshAsync(latest, cancellationToken);
            }
            catch (ForgeSyncException ex)
            {
                ctx.Reporter.Stage("drift", $"cannot read pull request #{latest.Id} from the forge: {ex.Message}");
                return latest;
            }
        }
        if (latest.State == PullRequestState.Merged)
        {
            ctx.Doc["pullRequestReview"] = new JsonObject { ["id"] = latest.Id, ["state"] = "merged", ["message"] = "merged: Git accepted what the machines look like" };
        }
        else if (latest.State == PullRequestState.Closed)
        {
            ctx.Doc["pullRequestReview"] = new JsonObject { ["id"] = latest.Id, ["state"] = "closed", ["message"] = "closed without merging: Git's state is restored" };
        }
        return latest;
    }

    /// <summary>
    /// Where a node already matches Git (after a merged drift pull request, or a change made by hand that
    /// Git now also says), that agreement becomes the last-applied record, so a later change on the
    /// machine is seen as drift rather than mistaken for a change in Git.
    /// </summary>
    private async Task RecordAgreementAsync(RunContext ctx, FleetSpec spec, IReadOnlyDictionary<string, IReadOnlyList<DesiredNode>> layouts, IReadOnlyList<ObservedNode> observed, IReadOnlyDictionary<string, NodeSpecRecord> applied)
    {
        var byName = observed.Where(o => o.Managed && o.State != NodeState.Dead).GroupBy(o => o.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var node in layouts.Values.SelectMany(l => l))
        {
            if (!byName.TryGetValue(node.Name, out var seen) || seen.ProviderDrift is { Count: > 0 }) continue;
            var wanted = NodeSpecRecord.Of(node);
            if (!wanted.SameAs(NodeSpecRecord.Of(seen))) continue;
            if (applied.TryGetValue(node.Name, out var last) && last.SameAs(wanted)) continue;
            await store.SetAppliedAsync(spec.Name, node.Name, wanted, ctx.RunId, CancellationToken.None);
        }
    }

    private static string? ExportFleetFolder(RunContext ctx)
    {
        var root = ctx.Snapshot!.ExportTo(ctx.SnapshotsRoot);
        return ctx.Files is SubdirectorySnapshot sub ? Path.Combine(root, sub.Folder) : root;
    }

    private string Redact(RunContext ctx, string text) => (ctx.Target.Credentials ?? git.Credentials).Redact(git.Credentials.Redact(text));

    private static string Summarize(RunOutcome outcome) => outcome.Error
        ?? (outcome.Plan is { } plan ? plan.Summary + (outcome.Drift is { } d ? $"; {d.Items.Count} drift item(s)" : "") : outcome.Result);
}
