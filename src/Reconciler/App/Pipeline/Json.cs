using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Model;
using GitOpsFleet.Reconciler.Planning;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>The run record's JSON shapes (also served by the API).</summary>
internal static class Json
{
    public static JsonArray Observed(IEnumerable<ObservedNode> nodes) => new(nodes.Select(n => (JsonNode)new JsonObject
    {
        ["provider"] = n.Provider,
        ["pool"] = n.Pool,
        ["name"] = n.Name,
        ["state"] = n.State.ToString().ToLowerInvariant(),
        ["managed"] = n.Managed,
        ["software"] = n.Software?.Name,
        ["version"] = n.Software?.Version,
        ["size"] = n.Machine?.Size,
        ["capacity"] = n.Capacity,
        ["address"] = n.Address,
        ["id"] = n.ProviderId,
        ["since"] = n.Since?.ToString("O", CultureInfo.InvariantCulture),
        ["providerDrift"] = n.ProviderDrift is { Count: > 0 } d ? new JsonArray(d.Select(x => (JsonNode)x).ToArray()) : null,
    }).ToArray());

    public static JsonObject Desired(DesiredFleet fleet) => new()
    {
        ["fleet"] = fleet.Spec.Name,
        ["commit"] = fleet.Commit,
        ["pools"] = new JsonArray(fleet.Pools.Select(p => (JsonNode)new JsonObject
        {
            ["name"] = p.Spec.Name,
            ["provider"] = p.Spec.Provider,
            ["software"] = p.Spec.Software.Name,
            ["version"] = p.Spec.Software.Version,
            ["size"] = p.Spec.Machine.Size,
            ["replicas"] = p.Replicas,
            ["min"] = p.Spec.Replicas.Min,
            ["max"] = p.Spec.Replicas.Max,
            ["replicaSource"] = p.ReplicaSource,
            ["file"] = p.Spec.SourcePath,
        }).ToArray()),
    };

    public static JsonObject Plan(Plan plan) => new()
    {
        ["summary"] = plan.Summary,
        ["refusal"] = plan.Refusal,
        ["hold"] = plan.Hold,
        ["actions"] = new JsonArray(plan.Actions.Select(a => (JsonNode)Action(a)).ToArray()),
        ["notes"] = new JsonArray(plan.Notes.Select(n => (JsonNode)n).ToArray()),
        ["drift"] = new JsonArray(plan.Drift.Select(d => (JsonNode)new JsonObject
        {
            ["kind"] = d.Kind.ToString().ToLowerInvariant(),
            ["pool"] = d.Pool,
            ["node"] = d.Node,
            ["field"] = d.Field,
            ["expected"] = d.Expected,
            ["observed"] = d.Observed,
            ["message"] = d.Message,
        }).ToArray()),
    };

    public static JsonObject Action(PlannedAction a) => new()
    {
        ["kind"] = a.Kind.ToString().ToLowerInvariant(),
        ["pool"] = a.Pool,
        ["node"] = a.Node,
        ["provider"] = a.Provider,
        ["reason"] = a.Reason,
        ["version"] = a.Desired?.Software.Version,
    };

    public static JsonArray Results(IEnumerable<ActionResult> results) => new(results.Select(r => (JsonNode)new JsonObject
    {
        ["action"] = Action(r.Action),
        ["outcome"] = r.Outcome.ToString().ToLowerInvariant(),
        ["message"] = r.Message,
        ["durationMs"] = Math.Round(r.Duration.TotalMilliseconds, 1),
        ["details"] = new JsonArray(r.Details.Select(d => (JsonNode)d).ToArray()),
    }).ToArray());

    public static JsonObject PullRequest(PullRequestRecord pr) => new()
    {
        ["id"] = pr.Id,
        ["fleet"] = pr.Fleet,
        ["forge"] = pr.Forge,
        ["branch"] = pr.Branch,
        ["base"] = pr.BaseRef,
        ["title"] = pr.Title,
        ["state"] = pr.State.ToString().ToLowerInvariant(),
        ["fingerprint"] = pr.Fingerprint,
        ["head"] = pr.HeadCommit,
        ["run"] = pr.RunId,
        ["url"] = pr.Url,
        ["createdAt"] = pr.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["updatedAt"] = pr.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    };

    public static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }
}
