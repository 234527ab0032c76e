namespace GitOpsFleet.Model;

/// <summary>The fleet after scaling: each pool with the replica count the run wants.</summary>
public sealed record DesiredFleet(FleetSpec Spec, string Commit, IReadOnlyList<DesiredPool> Pools);

/// <summary><see cref="ReplicaSource"/> says where the count came from ("replicas.min", "scaling/x.csx", "current (script failed)").</summary>
public sealed record DesiredPool(PoolSpec Spec, int Replicas, string ReplicaSource);
