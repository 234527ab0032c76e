using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using GitOpsFleet.Providers;
using GitOpsFleet.Model;
using GitOpsFleet.Scripting;
using GitOpsFleet.Scripting.Metrics;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// Runs each pool's scaling script (at most once per its <c>every</c> interval within one process)
/// and turns the result into the pool's replica count. A script that fails, is refused or runs out of
/// budget keeps the pool at its current count, held inside replicas.min..max.
/// </summary>
internal sealed class ScalingDesiredStateStep(ScalingScriptEngine engine, HttpClient http, TimeProvider time) : IDesiredStateStep
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, string Hash, int Replicas)> _last = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, NodeMetricsSource> _nodeSources = new(StringComparer.Ordinal);

    /// <summary>
    /// A fleet whose scripts will run starts a worker process now, so its start-up (a new .NET process) overlaps the
    /// observation rather than following it.
    /// </summary>
    public void Prepare(FleetSpec spec)
    {
        var now = time.GetUtcNow();
        if (spec.Pools.Any(p => p.Scaling is { } s && Recent(Key(spec, p), s.Every, now) is null))
            engine.Prewarm();
    }

    private static string Key(FleetSpec spec, PoolSpec pool) => $"{spec.Name}/{pool.Name}";

    /// <summary>The pool's last successful evaluation when it is younger than the script's <c>every</c>; else null.</summary>
    private (DateTimeOffset At, string Hash, int Replicas)? Recent(string key, TimeSpan every, DateTimeOffset now) =>
        _last.TryGetValue(key, out var last) && now - last.At < every ? last : null;

    public async Task<DesiredStateResult> ComputeAsync(FleetSpec spec, string commit, ISourceSnapshot snapshot, IReadOnlyDictionary<string, int> currentReplicas, IReadOnlyList<ObservedNode> observed, CancellationToken cancellationToken)
    {
        var pools = new List<DesiredPool>(spec.Pools.Count);
        var details = new JsonArray();
        foreach (var pool in spec.Pools)
        {
            if (pool.Scaling is not { } scaling)
            {
                pools.Add(new DesiredPool(pool, pool.Replicas.Min, "replicas.min"));
                continue;
            }
            var current = currentReplicas.GetValueOrDefault(pool.Name);
            var source = snapshot.ReadText(scaling.Script);
            if (source is null)
            {
                // The loader reports a missing script; this only guards a race with a changed snapshot.
                pools.Add(new DesiredPool(pool, Math.Clamp(current, pool.Replicas.Min, pool.Replicas.Max), $"{scaling.Script} missing"));
                continue;
            }
            var key = Key(spec, pool);
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(source)));
            var now = time.GetUtcNow();
            if (Recent(key, scaling.Every, now) is { } last && last.Hash == hash)
            {
                pools.Add(new DesiredPool(pool, Math.Clamp(last.Replicas, pool.Replicas.Min, pool.Replicas.Max), $"{scaling.Script} (evaluated {(now - last.At).TotalSeconds:0}s ago; every {scaling.Every})"));
                continue;
            }
            var metrics = MetricsFor(spec, pool, observed);
            using var span = ChildSpans.Start("script.evaluate", TelemetryTags.Pool, pool.Name);
            span?.SetTag(TelemetryTags.Script, scaling.Script);
            var evaluation = await engine.EvaluateAsync(new ScalingScriptRequest(scaling.Script, source, pool, current, metrics), cancellationToken);
            var replicas = Math.Clamp(evaluation.Replicas, pool.Replicas.Min, pool.Replicas.Max);
            if (evaluation.Succeeded) _last[key] = (now, hash, replicas);
            var why = evaluation.Succeeded
                ? $"{scaling.Script} -> {evaluation.Wanted}{(evaluation.Clamped ? $" ({evaluation.ClampExplanation})" : "")}"
                : $"kept at {replicas}: {string.Join("; ", evaluation.Diagnostics.DefaultIfEmpty(evaluation.Outcome.ToString()))}";
            pools.Add(new DesiredPool(pool, replicas, why));
            details.Add(new JsonObject
            {
                ["pool"] = pool.Name,
                ["script"] = scaling.Script,
                ["outcome"] = evaluation.Outcome.ToString(),
                ["current"] = current,
                ["wanted"] = evaluation.Wanted,
                ["replicas"] = replicas,
                ["clamped"] = evaluation.Clamped,
                ["clamp"] = evaluation.ClampExplanation,
                ["diagnostics"] = new JsonArray(evaluation.Diagnostics.Select(d => (JsonNode)d).ToArray()),
                ["log"] = new JsonArray(evaluation.Log.Select(l => (JsonNode)l).ToArray()),
                ["queries"] = new JsonArray(evaluation.Inputs.Queries.Select(q => (JsonNode)new JsonObject
                {
                    ["query"] = q.Query,
                    ["window"] = q.Window?.ToString(),
                    ["result"] = q.Result,
                    ["error"] = q.Error,
                }).ToArray()),
                ["cacheHit"] = evaluation.CacheHit,
                ["durationMs"] = Math.Round(evaluation.Duration.TotalMilliseconds, 3),
            });
        }
        return new DesiredStateResult(new DesiredFleet(spec, commit, pools), details);
    }

    /// <summary>The pool's Prometheus or its nodes' own /metrics, with this run's observation of the pool answered in front of either.</summary>
    private IMetricsSource MetricsFor(FleetSpec spec, PoolSpec pool, IReadOnlyList<ObservedNode> observed) =>
        new ObservedMetricsSource(SourceFor(spec, pool, observed), ObservedNodeMetrics.Of(pool.Name, observed));

    private IMetricsSource SourceFor(FleetSpec spec, PoolSpec pool, IReadOnlyList<ObservedNode> observed)
    {
        if (spec.Metrics?.Prometheus is { Length: > 0 } prometheus)
        {
            return new PrometheusMetricsSource(http, new Uri(prometheus));
        }
        var nodes = observed
            .Where(n => n.Pool == pool.Name && n.State == NodeState.Running && n.Address is not null)
            .Select(n => new Uri(new Uri(n.Address!), "metrics"))
            .ToList();
        var source = _nodeSources.GetOrAdd($"{spec.Name}/{pool.Name}", _ => new NodeMetricsSource(http, nodes, time));
        source.SetNodes(nodes);
        return source;
    }
}
