using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>The policy gate's decision for the run: the verdict, its findings, and one entry per stage evaluated.</summary>
internal sealed record PolicyReport
{
    public bool Allowed { get; init; }
    public string Summary { get; init => field = value ?? ""; } = "";
    [JsonConverter(typeof(DenyFindingsConverter))] public IReadOnlyList<PolicyFinding> Deny { get; init => field = value ?? []; } = [];
    [JsonConverter(typeof(WarnFindingsConverter))] public IReadOnlyList<PolicyFinding> Warn { get; init => field = value ?? []; } = [];
    public IReadOnlyList<PolicyStageReport> Stages { get; init => field = value ?? []; } = [];

    [JsonIgnore] public IEnumerable<PolicyFinding> Findings => Deny.Concat(Warn);
}
