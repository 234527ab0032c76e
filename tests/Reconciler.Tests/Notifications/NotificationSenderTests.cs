using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Notifications;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Notifications;

/// <summary>Runs queue events and the sender delivers them to a real local HTTP target: signed, retried, timed out, once.</summary>
public sealed class NotificationSenderTests : IAsyncLifetime
{
    private const string UrlToken = "url-canary-7c1e9d";
    private const string Secret = "secret-canary-52af0b";
    private readonly TempDirectory _temp = new("notify");
    private readonly ListLogger<NotificationSender> _senderLog = new();
    private readonly ListLogger<RunNotifier> _queueLog = new();
    private readonly Dictionary<string, string> _env = new(StringComparer.Ordinal);
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    private static FleetSpec Fleet(params NotificationTarget[] targets) => Fleets.Fleet("mainnet", []) with { Notifications = targets };

    private static NotificationTarget Webhook(params NotificationEvent[] events) =>
        new("ops", NotificationKind.Webhook, new SecretReference("OPS_URL", null), new SecretReference("OPS_SECRET", null), events);

    private static RunReport Denied(long runId) => new()
    {
        RunId = runId,
        Fleet = "mainnet",
        Result = "denied",
        Commit = "4b5e417aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        Summary = "denied",
        Decisions = new PolicyReport { Allowed = false, Summary = "geth 1.99 is not an approved version" },
    };

    private NotificationSender Sender(TimeSpan? attemptTimeout = null, int retries = 4) =>
        new(_store, new HttpClient { Timeout = Timeout.InfiniteTimeSpan },
            new NotificationOptions { AttemptTimeout = attemptTimeout ?? TimeSpan.FromSeconds(10), Retries = retries, RetryDelay = TimeSpan.FromMilliseconds(20), MaxRetryWait = TimeSpan.FromSeconds(1) },
            TimeProvider.System, _senderLog, name => _env.GetValueOrDefault(name));

    private RunNotifier Notifier() => new(_store, TimeProvider.System, _queueLog);

    private void PointAt(NotificationReceiver receiver, string path = "hook")
    {
        _env["OPS_URL"] = new Uri(receiver.Address, $"{path}?token={UrlToken}").AbsoluteUri;
        _env["OPS_SECRET"] = Secret;
    }

    [Fact]
    public async Task Webhook_IsSignedWithHmacSha256_OverTheBody()
    {
        var ct = CancellationToken.None;
        await using var receiver = await NotificationReceiver.StartAsync(_ => (200, null));
        PointAt(receiver);

        await Notifier().QueueAsync(Fleet(Webhook(NotificationEvent.PlanDenied)), Denied(7), ct);
        Assert.True(await Sender().SendNextAsync(ct));

        var request = Assert.Single(receiver.Requests);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), request.Body));
        Assert.Equal(expected, request.Headers["X-GitOpsFleet-Signature-256"]);
        Assert.Equal("plan-denied", request.Headers["X-GitOpsFleet-Event"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("plan-denied", (string?)body["event"]);
        Assert.Equal("mainnet", (string?)body["fleet"]);
        Assert.Equal(7, (long)body["runId"]!);
        Assert.Equal("geth 1.99 is not an approved version", (string?)body["summary"]);
        var delivery = Assert.Single(await _store.ListNotificationsAsync(null, 10, ct));
        Assert.Equal(NotificationDelivery.Delivered, delivery.Status);
    }

    [Fact]
    public async Task TargetFailingThreeTimes_GetsTheEventExactlyOnce_EvenWhenRunsRepeatIt()
    {
        var ct = CancellationToken.None;
        // The second 500 asks for a wait: Retry-After is honoured (capped by MaxRetryWait).
        await using var receiver = await NotificationReceiver.StartAsync(n => n <= 3 ? (500, n == 2 ? 0 : null) : (200, null));
        PointAt(receiver);
        var fleet = Fleet(Webhook(NotificationEvent.PlanDenied, NotificationEvent.RunFailed));

        // The same denied commit, seen by two runs (or two replicas): one delivery.
        await Notifier().QueueAsync(fleet, Denied(1), ct);
        await Notifier().QueueAsync(fleet, Denied(2), ct);
        var sender = Sender();
        Assert.True(await sender.SendNextAsync(ct));
        Assert.False(await sender.SendNextAsync(ct));

        Assert.Equal([500, 500, 500, 200], receiver.Requests.Select(r => r.Answer));
        var delivery = Assert.Single(await _store.ListNotificationsAsync("mainnet", 10, ct));
        Assert.Equal((NotificationDelivery.Delivered, 4, 1L), (delivery.Status, delivery.Attempts, delivery.RunId));
        Assert.Single(receiver.Requests, r => r.Answer == 200);
    }

    [Fact]
    public async Task HangingTarget_IsCutOffByTheTimeout_AndQueueingNeverWaitsForIt()
    {
        var ct = CancellationToken.None;
        await using var receiver = await NotificationReceiver.StartAsync(_ => null);
        PointAt(receiver);

        // What a run does: queue. It makes no call, so a hanging target cannot hold it.
        var queueing = Stopwatch.StartNew();
        await Notifier().QueueAsync(Fleet(Webhook(NotificationEvent.PlanDenied)), Denied(3), ct);
        Assert.True(queueing.Elapsed < TimeSpan.FromSeconds(2), $"queueing took {queueing.Elapsed}");

        var sending = Stopwatch.StartNew();
        Assert.True(await Sender(TimeSpan.FromMilliseconds(300), retries: 1).SendNextAsync(ct));
        Assert.True(sending.Elapsed < TimeSpan.FromSeconds(5), $"sending took {sending.Elapsed}");

        var delivery = Assert.Single(await _store.ListNotificationsAsync(null, 10, ct));
        Assert.Equal(NotificationDelivery.Failed, delivery.Status);
        Assert.Equal(2, delivery.Attempts);
        Assert.StartsWith("no answer within 0.3 s after 2 attempt(s)", delivery.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alertmanager_GetsV2Alerts_FiringThenResolved()
    {
        var ct = CancellationToken.None;
        await using var receiver = await NotificationReceiver.StartAsync(_ => (200, null));
        _env["AM_URL"] = receiver.Address.AbsoluteUri;
        var fleet = Fleet(new NotificationTarget("am", NotificationKind.Alertmanager, new SecretReference("AM_URL", null), null,
            [NotificationEvent.DriftOpened, NotificationEvent.DriftResolved]));
        var drift = new DriftReportRecord { Fleet = "mainnet", Fingerprint = "f1", Outstanding = 1, Items = [new DriftItemReport()] };

        // A run that found drift, stored as the pipeline stores it, then a clean run after it.
        var first = await RecordAsync(new RunReport { Fleet = "mainnet", Result = "drift", Commit = "c1", Summary = "1 drift item", Drift = drift }, ct);
        await Notifier().QueueAsync(fleet, first, ct);
        var second = await RecordAsync(new RunReport { Fleet = "mainnet", Result = "no-changes", Commit = "c1", Summary = "no changes" }, ct);
        await Notifier().QueueAsync(fleet, second, ct);
        var sender = Sender();
        while (await sender.SendNextAsync(ct))
        {
        }

        var requests = receiver.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal("/api/v2/alerts", r.Path));
        Assert.All(requests, r => Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal));
        var firing = Assert.Single(JsonNode.Parse(requests[0].Body)!.AsArray())!;
        var resolved = Assert.Single(JsonNode.Parse(requests[1].Body)!.AsArray())!;
        Assert.Equal("GitOpsFleetDrift", (string?)firing["labels"]!["alertname"]);
        Assert.Equal("mainnet", (string?)firing["labels"]!["fleet"]);
        Assert.Equal(firing["labels"]!.ToJsonString(), resolved["labels"]!.ToJsonString());
        Assert.False(string.IsNullOrEmpty((string?)firing["annotations"]!["summary"]));
        Assert.True(DateTimeOffset.TryParse((string?)firing["startsAt"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Null(firing["endsAt"]);
        Assert.True(DateTimeOffset.TryParse((string?)resolved["endsAt"], System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(["drift-resolved", "drift-opened"], (await _store.ListNotificationsAsync(null, 10, ct)).Select(d => d.Event));
    }

    [Fact]
    public async Task Secrets_AndUrlTokens_AppearInNoPayload_NoRecord_AndNoLogLine()
    {
        var ct = CancellationToken.None;
        await using var receiver = await NotificationReceiver.StartAsync(n => n == 1 ? (503, null) : (200, null));
        PointAt(receiver);
        _env["SLACK_URL"] = new Uri(receiver.Address, $"slack/T000/B000/{UrlToken}").AbsoluteUri;
        var fleet = Fleet(Webhook(NotificationEvent.PlanDenied),
            new NotificationTarget("chat", NotificationKind.Slack, new SecretReference("SLACK_URL", null), null, [NotificationEvent.PlanDenied]));

        await Notifier().QueueAsync(fleet, Denied(5), ct);
        var sender = Sender();
        while (await sender.SendNextAsync(ct))
        {
        }

        var slack = Assert.Single(receiver.Requests, r => r.Path.StartsWith("/slack/", StringComparison.Ordinal) && r.Answer == 200);
        Assert.StartsWith("GitOpsFleet: mainnet: plan denied by policy", (string?)JsonNode.Parse(slack.Body)!["text"], StringComparison.Ordinal);
        var everything = string.Join("\n", receiver.Requests.Select(r => Encoding.UTF8.GetString(r.Body) + string.Join(",", r.Headers.Values)))
            + string.Join("\n", _senderLog.Lines) + string.Join("\n", _queueLog.Lines)
            + string.Join("\n", (await _store.ListNotificationsAsync(null, 10, ct)).Select(d => d.ToString()))
            + await File.ReadAllTextAsync(_temp.Combine("state.db"), ct);
        Assert.DoesNotContain(UrlToken, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, everything, StringComparison.Ordinal);
        Assert.Contains(_senderLog.Lines, l => l.StartsWith("7502 Delivered plan-denied of mainnet to chat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MissingUrl_FailsTheDelivery_NamingOnlyWhereItIsRead()
    {
        var ct = CancellationToken.None;
        await Notifier().QueueAsync(Fleet(Webhook(NotificationEvent.PlanDenied)), Denied(9), ct);

        Assert.True(await Sender().SendNextAsync(ct));

        var delivery = Assert.Single(await _store.ListNotificationsAsync(null, 10, ct));
        Assert.Equal((NotificationDelivery.Failed, "url: environment variable OPS_URL is not set"), (delivery.Status, delivery.LastError));
    }

    [Fact]
    public async Task SendRun_SendsOnlyWhatThatRunQueued()
    {
        var ct = CancellationToken.None;
        await using var receiver = await NotificationReceiver.StartAsync(_ => (200, null));
        PointAt(receiver);
        var fleet = Fleet(Webhook(NotificationEvent.PlanDenied));
        await Notifier().QueueAsync(fleet, Denied(1), ct);
        await Notifier().QueueAsync(fleet, Denied(2) with { Commit = "c2" }, ct);

        var sent = await Sender().SendRunAsync(2, ct);

        Assert.Equal(new RunDeliveries(1, 0, 0), sent);
        var request = Assert.Single(receiver.Requests);
        Assert.Equal(2, (long)JsonNode.Parse(request.Body)!["runId"]!);
        var rows = await _store.ListNotificationsAsync(null, 10, ct);
        Assert.Equal(NotificationDelivery.Pending, Assert.Single(rows, d => d.RunId == 1).Status);
    }

    [Fact]
    public async Task SendRun_OfARunThatQueuedNothing_MakesNoCall()
    {
        var ct = CancellationToken.None;
        await using var receiver = await NotificationReceiver.StartAsync(_ => null);
        PointAt(receiver);
        await Notifier().QueueAsync(Fleet(Webhook(NotificationEvent.RunFailed)), Denied(4), ct);

        var clock = Stopwatch.StartNew();
        var sent = await Sender().SendRunAsync(4, ct);

        Assert.Equal(new RunDeliveries(0, 0, 0), sent);
        Assert.Empty(receiver.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task SendRun_PastItsDeadline_HandsTheDeliveryBack_DueAtOnce_ForTheNextSender()
    {
        var ct = CancellationToken.None;
        // The first attempt hangs and the deadline passes while it does (not before it is made, however slow the
        // machine); the service's sender, later, gets an answer.
        using var deadline = new CancellationTokenSource();
        await using var receiver = await NotificationReceiver.StartAsync(n =>
        {
            if (n > 1) return (200, null);
            deadline.CancelAfter(TimeSpan.FromMilliseconds(200));
            return null;
        });
        PointAt(receiver);
        await Notifier().QueueAsync(Fleet(Webhook(NotificationEvent.PlanDenied)), Denied(5), ct);

        var clock = Stopwatch.StartNew();
        Assert.Equal(new RunDeliveries(0, 0, 1), await Sender().SendRunAsync(5, deadline.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"the deadline did not hold: {clock.Elapsed}");

        var left = Assert.Single(await _store.ListNotificationsAsync(null, 10, ct));
        Assert.Equal((NotificationDelivery.Pending, 1), (left.Status, left.Attempts));
        Assert.True(left.NextAttemptAt <= DateTimeOffset.UtcNow, "the claim was not handed back");
        Assert.True(await Sender().SendNextAsync(ct));
        var delivered = Assert.Single(await _store.ListNotificationsAsync(null, 10, ct));
        Assert.Equal((NotificationDelivery.Delivered, 2), (delivered.Status, delivered.Attempts));
    }

    private async Task<RunReport> RecordAsync(RunReport report, CancellationToken ct)
    {
        var at = DateTimeOffset.UtcNow;
        var id = await _store.StartRunAsync(report.Fleet, "repo", "test", at, ct);
        report = report with { RunId = id };
        await _store.FinishRunAsync(new RunRecord(id, report.Fleet, "repo", report.Commit, "test", at, at, report.Result!, report.Summary, report.ToDocument()), ct);
        return report;
    }
}
