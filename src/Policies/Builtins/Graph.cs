using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>graph.reachable and graph.reachable_paths over adjacency objects (node -> set or array of neighbours).</summary>
internal static class Graph
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        var graphType = RegoType.Object(RegoType.Any, RegoType.Or(RegoType.AnySet, RegoType.AnyArray));
        var initialType = RegoType.Or(RegoType.AnySet, RegoType.AnyArray);
        b.Add("graph.reachable", [graphType, initialType], RegoType.AnySet, (ctx, a) =>
        {
            var graph = Args.Object(a, 0);
            var queue = new Queue<Value>(Args.ArrayOrSet(a, 1));
            var reached = new HashSet<Value>();
            while (queue.Count > 0)
            {
                ctx.ThrowIfCancelled();
                var node = queue.Dequeue();
                if (graph.Get(node) is not { } edges || !reached.Add(node))
                {
                    continue;
                }

                foreach (var next in Neighbours(edges))
                {
                    queue.Enqueue(next);
                }
            }

            return SetValue.Of(reached);
        });
        b.Add("graph.reachable_paths", [graphType, initialType], RegoType.Set(RegoType.AnyArray), (ctx, a) =>
        {
            var graph = Args.Object(a, 0);
            var paths = new List<Value>();
            foreach (var root in Args.ArrayOrSet(a, 1))
            {
                if (graph.Get(root) is not null)
                {
                    Walk(ctx, graph, [root], paths);
                }
            }

            return SetValue.Of(paths);
        });
    }

    private static IEnumerable<Value> Neighbours(Value edges) => edges switch
    {
        SetValue s => s.AsList(),
        ArrayValue arr => arr.AsList(),
        _ => [],
    };

    // A path ends where a node has no further edges, an edge leaves the graph, or an edge closes a cycle.
    private static void Walk(BuiltinContext ctx, ObjectValue graph, List<Value> path, List<Value> paths)
    {
        ctx.ThrowIfCancelled();
        var edges = Neighbours(graph.Get(path[^1])!).ToList();
        if (edges.Count == 0)
        {
            paths.Add(new ArrayValue(path.ToArray()));
            return;
        }

        foreach (var next in edges)
        {
            if (graph.Get(next) is null || path.Contains(next))
            {
                paths.Add(new ArrayValue(path.ToArray()));
                continue;
            }

            path.Add(next);
            Walk(ctx, graph, path, paths);
            path.RemoveAt(path.Count - 1);
        }
    }
}
