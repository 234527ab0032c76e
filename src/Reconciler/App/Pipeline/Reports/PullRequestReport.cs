using System.Text.Json.Serialization;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>The drift pull request the run opened, updated or closed.</summary>
internal sealed record PullRequestReport
{
    public long Id { get; init; }
    public string Fleet { get; init => field = value ?? ""; } = "";
    public string Forge { get; init => field = value ?? ""; } = "";
    public string Branch { get; init => field = value ?? ""; } = "";
    public string? Base { get; init; }
    public string Title { get; init => field = value ?? ""; } = "";
    /// <summary>The state's lower-case word (open, closed, merged, resolved).</summary>
    public string State { get; init => field = value ?? ""; } = "";
    public string? Fingerprint { get; init; }
    public string? Head { get; init; }
    public long? Run { get; init; }
    public string? Url { get; init; }
    // Written as UTC with a Z, unlike the run's other times: keep that, so stored records read back as they were.
    [JsonConverter(typeof(UtcIsoTimeConverter))] public DateTimeOffset? CreatedAt { get; init; }
    [JsonConverter(typeof(UtcIsoTimeConverter))] public DateTimeOffset? UpdatedAt { get; init; }
}
