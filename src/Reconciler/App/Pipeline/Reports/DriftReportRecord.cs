using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// The drift report as a run record holds it (the same JSON the drift pull request commits).
/// Named apart from <see cref="Drift.DriftReport"/>, which builds it and renders the Markdown.
/// </summary>
internal sealed record DriftReportRecord
{
    public string Fleet { get; init => field = value ?? ""; } = "";
    public string? Commit { get; init; }
    public long Run { get; init; }
    [JsonConverter(typeof(IsoTimeConverter))] public DateTimeOffset? ObservedAt { get; init; }
    public string? Fingerprint { get; init; }
    /// <summary>Items not repaired by the run; absent in records written before the count was kept.</summary>
    public int? Outstanding { get; init; }
    public IReadOnlyList<DriftItemReport> Items { get; init => field = value ?? []; } = [];

    /// <summary>Records without the count meant every item.</summary>
    [JsonIgnore] public int OutstandingCount => Outstanding ?? Items.Count;
}
