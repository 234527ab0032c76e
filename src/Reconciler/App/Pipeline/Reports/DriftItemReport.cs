using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>One drift item, of the plan or of the drift report; <see cref="Kind"/> is missing, unknown or changed. The plan's items have no <see cref="Since"/>.</summary>
internal sealed record DriftItemReport
{
    public string Kind { get; init => field = value ?? ""; } = "";
    public string? Pool { get; init; }
    public string? Node { get; init; }
    public string? Field { get; init; }
    public string? Expected { get; init; }
    public string? Observed { get; init; }
    public string? Message { get; init; }
    [JsonConverter(typeof(IsoTimeConverter))] public DateTimeOffset? Since { get; init; }
    /// <summary>A dead node the run replaced; written only when true, as the drift report does.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public bool Repaired { get; init; }
}
