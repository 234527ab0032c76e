using System.Text.Json.Nodes;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Policy;

/// <summary>
/// The documents policies see as <c>input</c>: admission gets the desired fleet and the commit; the
/// plan stage adds the observed fleet and the plan. Field names are the fleet YAML's, so a policy
/// author reads <c>input.fleet.pools[_].storage.encrypted</c> exactly as it is written in Git.
/// </summary>
internal static class PolicyInputBuilder
{
    public static JsonObject Admission(PolicyGateInput input) => new()
    {
        ["fleet"] = Fleet(input.Desired),
        ["commit"] = new JsonObject { ["sha"] = input.Desired.Commit, ["run"] = input.RunId },
    };

    public static JsonObject PlanStage(PolicyGateInput input)
    {
        var doc = Admission(input);
        doc["observed"] = new JsonArray(input.Observed.Select(n => (JsonNode)new JsonObject
        {
            ["provider"] = n.Provider,
            ["pool"] = n.Pool,
            ["name"] = n.Name,
            ["state"] = n.State.ToString().ToLowerInvariant(),
            ["stateReason"] = n.StateReason,
            ["managed"] = n.Managed,
            ["software"] = n.Software is { } s ? new JsonObject { ["name"] = s.Name, ["version"] = s.Version } : null,
            ["size"] = n.Machine?.Size,
            ["capacity"] = n.Capacity,
            ["labels"] = Labels(n.Labels),
            ["client"] = Client(n.Client),
        }).ToArray());
        doc["plan"] = new JsonObject
        {
            ["summary"] = input.Plan.Summary,
            // A plan that waits for a person is applied only once approved, so a policy can leave that judgement to them.
            ["waitsForApproval"] = input.Plan.Hold is not null || input.Spec.Reconcile.Mode == ReconcileMode.Manual,
            ["actions"] = new JsonArray(input.Plan.Actions.Select(a => (JsonNode)new JsonObject
            {
                ["kind"] = a.Kind.ToString().ToLowerInvariant(),
                ["pool"] = a.Pool,
                ["node"] = a.Node,
                ["provider"] = a.Provider,
                ["reason"] = a.Reason,
                ["software"] = a.Desired is { } d ? new JsonObject { ["name"] = d.Software.Name, ["version"] = d.Software.Version } : null,
                ["capacity"] = a.Desired?.Capacity,
            }).ToArray()),
            ["drift"] = new JsonArray(input.Plan.Drift.Select(d => (JsonNode)new JsonObject
            {
                ["kind"] = d.Kind.ToString().ToLowerInvariant(),
                ["pool"] = d.Pool,
                ["node"] = d.Node,
                ["field"] = d.Field,
            }).ToArray()),
        };
        return doc;
    }

    private static JsonObject Fleet(DesiredFleet desired)
    {
        var spec = desired.Spec;
        return new JsonObject
        {
            ["name"] = spec.Name,
            ["labels"] = Labels(spec.Labels),
            ["reconcile"] = new JsonObject
            {
                ["mode"] = spec.Reconcile.Mode.ToString().ToLowerInvariant(),
                ["prune"] = spec.Reconcile.Prune,
                ["allowEmpty"] = spec.Reconcile.AllowEmpty,
                ["maxDeletePercent"] = spec.Reconcile.MaxDeletePercent,
                ["maxParallel"] = spec.Reconcile.MaxParallel,
            },
            ["drift"] = new JsonObject { ["action"] = spec.Drift.Action switch { DriftAction.PullRequest => "pull-request", var a => a.ToString().ToLowerInvariant() } },
            ["pools"] = new JsonArray(desired.Pools.Select(p => (JsonNode)Pool(p)).ToArray()),
        };
    }

    private static JsonObject Pool(DesiredPool pool)
    {
        var p = pool.Spec;
        return new JsonObject
        {
            ["name"] = p.Name,
            ["file"] = p.SourcePath,
            ["labels"] = Labels(p.Labels),
            ["provider"] = p.Provider,
            ["region"] = p.Region,
            ["machine"] = new JsonObject { ["size"] = p.Machine.Size, ["image"] = p.Machine.Image },
            ["software"] = Software(p.Software),
            ["replicas"] = new JsonObject { ["min"] = p.Replicas.Min, ["max"] = p.Replicas.Max, ["desired"] = pool.Replicas },
            ["scaling"] = p.Scaling is { } s ? new JsonObject { ["script"] = s.Script, ["everySeconds"] = s.Every.TotalSeconds } : null,
            ["network"] = new JsonObject
            {
                ["publicIngress"] = new JsonArray(p.Network.PublicIngress.Select(i => (JsonNode)i).ToArray()),
                ["ssh"] = p.Network.Ssh,
            },
            ["storage"] = new JsonObject { ["sizeGiB"] = p.Storage.SizeGiB, ["encrypted"] = p.Storage.Encrypted },
            ["replacement"] = p.Replacement.ToString().ToLowerInvariant(),
        };
    }

    private static JsonObject Software(SoftwareSpec s)
    {
        var o = new JsonObject { ["name"] = s.Name, ["version"] = s.Version };
        if (s.Consensus is { } c) o["consensus"] = new JsonObject { ["name"] = c.Name, ["version"] = c.Version };
        return o;
    }

    /// <summary>What a real client answered about itself; null for nodes nobody asks, and for a client that did not answer.</summary>
    private static JsonObject? Client(ClientFacts? client) => client is null ? null : new JsonObject
    {
        ["version"] = client.Version,
        ["chainId"] = client.ChainId,
        ["syncing"] = client.Syncing,
        ["head"] = client.Head,
        ["peers"] = client.Peers,
    };

    private static JsonObject Labels(IReadOnlyDictionary<string, string> labels)
    {
        var o = new JsonObject();
        foreach (var (k, v) in labels.OrderBy(l => l.Key, StringComparer.Ordinal)) o[k] = v;
        return o;
    }
}
