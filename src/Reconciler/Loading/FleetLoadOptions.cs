namespace GitOpsFleet.Loading;

/// <summary>
/// How to load a fleet. <see cref="KnownProviders"/> are the provider names a pool may use, in the order messages list them.
/// The limits keep a single push from stalling or flooding the service: each is far above what a real fleet needs,
/// and going over one is a located error rather than a slow load or a crash.
/// </summary>
public sealed record FleetLoadOptions
{
    public static IReadOnlyList<string> DefaultProviders { get; } = ["local", "ansible", "azure"];

    public static FleetLoadOptions Default { get; } = new();

    public IReadOnlyList<string> KnownProviders { get; init; } = DefaultProviders;

    /// <summary>Largest fleet.yaml or pool file, in bytes, checked before the file is decoded or parsed.</summary>
    public long MaxFileBytes { get; init; } = 1024 * 1024;

    /// <summary>Most keys in one mapping (labels, ansible vars, ...).</summary>
    public int MaxKeysPerMapping { get; init; } = 10_000;

    /// <summary>Deepest nesting of mappings and lists; also keeps hostile input from exhausting the stack.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>Largest spec.replicas.min or spec.replicas.max of one pool.</summary>
    public int MaxReplicasPerPool { get; init; } = 1_000;

    /// <summary>Largest fleet, as the sum of every pool's spec.replicas.max.</summary>
    public long MaxNodesPerFleet { get; init; } = 10_000;
}
