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
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "no payload for this kind"),
    };

    /// <summary>The path a target of this kind is posted to, under the URL it names.</summary>
    public static Uri Endpoint(NotificationKind kind, Uri url) =>
        kind == NotificationKind.Alertmanager ? new Uri(url.AbsoluteUri.TrimEnd('/') + "/api/v2/alerts") : url;

    /// <summary>sha256=hex of HMAC-SHA256 over the exact body bytes, as GitHub signs its webhooks.</summary>
    public static string Signature(string secret, byte[] body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static string SlackText(NotificationMessage m)
    {
        var what = m.Event switch
        {
            "plan-denied" => "plan denied by policy",
            "run-failed" => "run failed",
            "approval-needed" => "plan waiting for approval",
            "drift-opened" => "drift found",
            "drift-resolved" => "drift resolved",
            _ => m.Event,
        };
        var commit = m.Commit is { Length: > 12 } c ? c[..12] : m.Commit;
        return $"GitOpsFleet: {m.Fleet}: {what} (run {m.RunId.ToString(CultureInfo.InvariantCulture)}{(commit is null ? "" : $", commit {commit}")}): {m.Summary}";
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
            "drift-opened" or "drift-resolved" => "GitOpsFleetDrift",
            "plan-denied" => "GitOpsFleetPlanDenied",
            "run-failed" => "GitOpsFleetRunFailed",
            "approval-needed" => "GitOpsFleetApprovalNeeded",
            _ => "GitOpsFleetEvent",
        };
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject { ["alertname"] = alertName, ["fleet"] = m.Fleet, ["severity"] = m.Event == "run-failed" ? "critical" : "warning" },
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
