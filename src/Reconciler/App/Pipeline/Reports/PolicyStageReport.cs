using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// One stage's evaluation. Records of early versions named the stage <c>name</c> and gave only
/// <c>allowed</c>; <see cref="StageName"/> and <see cref="Verdict"/> read either.
/// </summary>
internal sealed record PolicyStageReport
{
    public string? Id { get; init; }
    public string? Stage { get; init; }
    public string? Name { get; init; }
    /// <summary>The package queried (data.fleet.plan); its deny and warn rules are what was evaluated. Absent in records before issue 27.</summary>
    public string? Query { get; init; }
    /// <summary>The policy file declaring that package, when the embedded engine knew it.</summary>
    public string? File { get; init; }
    public string? Revision { get; init; }
    public string? InputHash { get; init; }
    /// <summary>allow or deny.</summary>
    public string? Result { get; init; }
    public bool? Allowed { get; init; }
    [JsonConverter(typeof(DenyFindingsConverter))] public IReadOnlyList<PolicyFinding>? Deny { get; init; }
    [JsonConverter(typeof(WarnFindingsConverter))] public IReadOnlyList<PolicyFinding>? Warn { get; init; }
    public double? DurationMs { get; init; }
    [JsonConverter(typeof(IsoTimeConverter))] public DateTimeOffset? At { get; init; }

    // A setter, not init: the generated serializer cannot fill extension data through initialization.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }

    [JsonIgnore] public string StageName => Stage ?? Name ?? "unknown";

    [JsonIgnore] public string Verdict => Result ?? (Allowed is { } a ? (a ? "allow" : "deny") : "unknown");
}
