using System.Text.Json.Nodes;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>
/// What a run tells a target, as queued: built from the run's typed report, so it carries no URL, token or secret.
/// <see cref="Subject"/> is what the event is about (a commit, a drift fingerprint) and makes the delivery's key.
/// </summary>
internal sealed record NotificationMessage(string Fleet, string Event, long RunId, string? Commit, string Result, string Summary, string Subject, DateTimeOffset At)
{
    public JsonObject ToJson() => new()
    {
        ["event"] = Event,
        ["fleet"] = Fleet,
        ["runId"] = RunId,
        ["commit"] = Commit,
        ["result"] = Result,
        ["summary"] = Summary,
        ["subject"] = Subject,
        ["at"] = At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture),
    };

    public static NotificationMessage FromJson(string json)
    {
        var o = JsonNode.Parse(json)!.AsObject();
        return new NotificationMessage((string)o["fleet"]!, (string)o["event"]!, (long)o["runId"]!, (string?)o["commit"], (string)o["result"]!,
            (string)o["summary"]!, (string)o["subject"]!, DateTimeOffset.Parse((string)o["at"]!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
