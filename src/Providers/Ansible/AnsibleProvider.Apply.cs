using GitOpsFleet.Providers.Ansible.Execution;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible;

public sealed partial class AnsibleProvider
{
    /// <summary>
    /// Create, Update and Replace run the playbook for real on the one host. Delete runs it with
    /// <c>gitopsfleet_state=absent</c>: a playbook that honours the variable removes what it installed,
    /// one that ignores it changes nothing destructive. A failed host is never reported as applied;
    /// an unreachable host is Retry.
    /// </summary>
    public async Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        var pool = AnsiblePools(fleet).FirstOrDefault(p => string.Equals(p.Name, action.Pool, StringComparison.Ordinal));
        if (pool is null)
        {
            return action.Kind == ActionKind.Delete
                ? new ActionResult(action, ActionOutcome.Skipped,
                    $"pool {action.Pool} is not an ansible pool in this commit; host {action.Node} is left as it is", null, _time.GetElapsedTime(started), [])
                : ActionResult.Failure(action, $"pool {action.Pool} has no ansible settings in this commit", _time.GetElapsedTime(started));
        }

        var mode = action.Kind == ActionKind.Delete ? PlaybookMode.Remove : PlaybookMode.Apply;
        // Intersecting with the group keeps a host of another group of the same inventory out of reach.
        var limit = $"{pool.Ansible!.Group}:&{action.Node}";
        PlaybookRun run;
        try
        {
            run = await RunPlaybookAsync(fleet, pool, limit, mode, cancellationToken).ConfigureAwait(false);
        }
        catch (AnsibleException e)
        {
            return ActionResult.Failure(action, e.Message, _time.GetElapsedTime(started));
        }
        var duration = _time.GetElapsedTime(started);

        if (run.Result is null)
        {
            // A timed-out run may have been slow rather than wrong: try again next run.
            var outcome = run.TimedOut ? ActionOutcome.Retry : ActionOutcome.Failed;
            return new ActionResult(action, outcome, $"{action.Node}: {run.Error}", null, duration, []);
        }
        if (!run.Result.Hosts.TryGetValue(action.Node, out var host))
        {
            return ActionResult.Failure(action,
                $"{action.Node} took no part in the run: it is not a host of group {pool.Ansible.Group} in {pool.Ansible.Inventory}", duration);
        }
        var details = host.Details();
        if (host.IsUnreachable)
        {
            return new ActionResult(action, ActionOutcome.Retry, $"{action.Node} is unreachable: {host.UnreachableReason ?? "no reason given"}", null, duration, details);
        }
        if (host.IsFailed)
        {
            var failure = host.FirstFailure;
            var message = failure is null ? $"{action.Node} failed" : $"{action.Node} failed at task {failure.Task}: {failure.Message ?? "no message"}";
            return ActionResult.Failure(action, message, duration, details);
        }

        var verb = mode == PlaybookMode.Remove ? "ran with gitopsfleet_state=absent" : "converged";
        var summary = $"{action.Node} {verb}: {host.Stats.Changed} changed, {host.Stats.Ok} ok, {host.Stats.Skipped} skipped";
        var node = mode == PlaybookMode.Remove ? null : Node(fleet, pool, action.Node, null, NodeState.Running, null, null);
        return new ActionResult(action, ActionOutcome.Succeeded, summary, node, duration, details);
    }
}
