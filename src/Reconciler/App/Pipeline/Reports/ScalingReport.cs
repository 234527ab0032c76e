using System.Text.Json;
using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// One scaling script's evaluation for a pool. Only what people read is typed; the script's log, its
/// metric queries and timings stay in <see cref="Extra"/> as they were written.
/// </summary>
internal sealed record ScalingReport
{
    public string Pool { get; init => field = value ?? ""; } = "";
    public string? Script { get; init; }
    public string? Outcome { get; init; }
    public int? Current { get; init; }
    public int? Wanted { get; init; }
    public int Replicas { get; init; }
    public bool Clamped { get; init; }
    /// <summary>Why the script's answer was moved into the pool's min..max.</summary>
    public string? Clamp { get; init; }
    public IReadOnlyList<string> Diagnostics { get; init => field = value ?? []; } = [];

    // A setter, not init: the generated serializer cannot fill extension data through initialization.
    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}
