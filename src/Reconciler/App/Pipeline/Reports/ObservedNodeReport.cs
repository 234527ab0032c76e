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
}
