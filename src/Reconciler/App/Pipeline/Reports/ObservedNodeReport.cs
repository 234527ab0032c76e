using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>One node as the run's observe step saw it.</summary>
internal sealed record ObservedNodeReport
{
    public string Provider { get; init => field = value ?? ""; } = "";
    public string? Pool { get; init; }
    public string Name { get; init => field = value ?? ""; } = "";
    /// <summary>The node state's lower-case word (running, stopped, dead, ...).</summary>
    public string State { get; init => field = value ?? ""; } = "";
    public bool Managed { get; init; }
    public string? Software { get; init; }
    public string? Version { get; init; }
    public string? Size { get; init; }
    public int Capacity { get; init; } = 1;
    public string? Address { get; init; }
    public string? Id { get; init; }
    [JsonConverter(typeof(IsoTimeConverter))] public DateTimeOffset? Since { get; init; }
    public IReadOnlyList<string>? ProviderDrift { get; init; }
    /// <summary>Why the node is not plainly running (unreachable, an RPC that stopped answering), secrets removed.</summary>
    public string? StateReason { get; init; }
    /// <summary>What a real client said about itself (a local anvil over JSON-RPC); absent for simulated and cloud nodes.</summary>
    public ObservedClientReport? Client { get; init; }
}

/// <summary>A real client's own answers at observation: its version text, chain id, whether it syncs, its head block, its peers.</summary>
internal sealed record ObservedClientReport
{
    public string? Version { get; init; }
    public long? ChainId { get; init; }
    public bool? Syncing { get; init; }
    public long? Head { get; init; }
    public long? Peers { get; init; }
}
