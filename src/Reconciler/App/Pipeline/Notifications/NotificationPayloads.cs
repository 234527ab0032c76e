using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>The body each kind of target expects, and the webhook's signature.</summary>
internal static class NotificationPayloads
{
    public const string SignatureHeader = "X-GitOpsFleet-Signature-256";
    public const string EventHeader = "X-GitOpsFleet-Event";
    public const string DeliveryHeader = "X-GitOpsFleet-Delivery";

    public static string Body(NotificationKind kind, NotificationMessage message) => kind switch
    {
        NotificationKind.Webhook => message.ToJson().ToJsonString(),
        NotificationKind.Slack => new JsonObject { ["text"] = SlackText(message) }.ToJsonString(),
        NotificationKind.Alertmanager => new JsonArray(Alert(message)).ToJsonString(),
        NotificationKind.Teams => TeamsCard(message).ToJsonString(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no payload for this kind"),
    };

    /// <summary>The path a target of this kind is posted to, under the URL it names.</summary>
    public static Uri Endpoint(NotificationKind kind, Uri url) =>
        kind == NotificationKind.Alertmanager ? new Uri(url.AbsoluteUri.TrimEnd('/') + "/api/v2/alerts") : url;

    /// <summary>sha256=hex of HMAC-SHA256 over the exact body bytes, as GitHub signs its webhooks.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string What(string @event) => @event switch
    {
        "plan-denied" => "plan denied by policy",
        "run-failed" => "run failed",
        "run-stalled" => "run stalled",
        "run-retrying" => "runs keep failing to reach a peer",
        "approval-needed" => "plan waiting for approval",
        "approval-given" => "approved plan applied",
        "approval-lapsed" => "approval lapsed",
        "drift-opened" => "drift found",
        "drift-updated" => "drift changed",
        "drift-resolved" => "drift resolved",
        _ => @event,
    };

    private static string? ShortCommit(NotificationMessage m) => m.Commit is { Length: > 12 } c ? c[..12] : m.Commit;

    private static string SlackText(NotificationMessage m)
    {
        var commit = ShortCommit(m);
        return $"GitOpsFleet: {m.Fleet}: {What(m.Event)} (run {m.RunId.ToString(CultureInfo.InvariantCulture)}{(commit is null ? "" : $", commit {commit}")}): {m.Summary}";
    }

    /// <summary>
    /// A Teams incoming webhook (a Workflows "post to a channel when a webhook request is received" flow) takes a message
    /// with one Adaptive Card attachment: a title, the summary and the run's facts.
    /// </summary>
    private static JsonObject TeamsCard(NotificationMessage m)
    {
        var facts = new JsonArray(
            new JsonObject { ["title"] = "Fleet", ["value"] = m.Fleet },
            new JsonObject { ["title"] = "Run", ["value"] = m.RunId.ToString(CultureInfo.InvariantCulture) },
            new JsonObject { ["title"] = "Result", ["value"] = m.Result });
        if (ShortCommit(m) is { } commit) facts.Add(new JsonObject { ["title"] = "Commit", ["value"] = commit });
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = $"GitOpsFleet: {m.Fleet}: {What(m.Event)}", ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true },
                new JsonObject { ["type"] = "TextBlock", ["text"] = m.Summary, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts }),
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "application/vnd.microsoft.card.adaptive", ["content"] = card }),
        };
    }

    /// <summary>
    /// One alert of Alertmanager's v2 API. Drift opened and resolved share their labels, so the resolved alert (with
    /// endsAt) closes the one that fired; the other events fire once and end on Alertmanager's resolve_timeout.
    /// </summary>
    private static JsonObject Alert(NotificationMessage m)
    {
        var at = m.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var alertName = m.Event switch
        {
            "drift-opened" or "drift-updated" or "drift-resolved" => "GitOpsFleetDrift",
            "plan-denied" => "GitOpsFleetPlanDenied",
            "run-failed" => "GitOpsFleetRunFailed",
            "run-stalled" => "GitOpsFleetRunStalled",
            "run-retrying" => "GitOpsFleetRunRetrying",
            "approval-needed" => "GitOpsFleetApprovalNeeded",
            "approval-given" => "GitOpsFleetApprovalGiven",
            "approval-lapsed" => "GitOpsFleetApprovalLapsed",
            _ => "GitOpsFleetEvent",
        };
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = alertName, ["fleet"] = m.Fleet, ["severity"] = m.Event is "run-failed" or "run-retrying" ? "critical" : m.Event == "approval-given" ? "info" : "warning" },
            ["annotations"] = new JsonObject
            {
                ["summary"] = SlackText(m),
                ["description"] = m.Summary,
                ["run"] = m.RunId.ToString(CultureInfo.InvariantCulture),
                ["commit"] = m.Commit ?? "",
            },
            ["startsAt"] = at,
        };
        if (m.Event == "drift-resolved") alert["endsAt"] = at;
        return alert;
    }
}
