using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Small real fleet repositories for the service tests.</summary>
internal static class TestFleet
{
    public static string NewName() => "s" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A fleet of one local pool; <paramref name="replicas"/> 0 makes runs fast and starts no process.</summary>
    public static FleetRepository Create(string path, string name, int replicas, string interval = "1h", int maxParallel = 4)
    {
        var repo = new FleetRepository(path);
        repo.Write("fleet.yaml", $$"""
            apiVersion: gitopsfleet.dev/v1
            kind: Fleet
            metadata:
              name: {{name}}
            spec:
              reconcile: {interval: {{interval}}, mode: auto, prune: true, allowEmpty: true, maxParallel: {{maxParallel}}}
              drift: {action: report}
              forge: {kind: local}
            """)
            .Write("pools/rpc.yaml", Pool(replicas));
        repo.Commit("fleet " + name);
        return repo;
    }

    /// <summary>The fleet's one local pool, rpc, at <paramref name="replicas"/> nodes (rewritten to scale it).</summary>
    public static string Pool(int replicas) => $$"""
        apiVersion: gitopsfleet.dev/v1
        kind: NodePool
        metadata:
          name: rpc
          labels: {role: rpc}
        spec:
          provider: local
          machine: {size: local-small}
          software: {name: geth, version: 1.16.7}
          replicas: {min: {{replicas}}, max: {{replicas + 2}}}
          storage: {sizeGiB: 10, encrypted: true}
        """;
}
