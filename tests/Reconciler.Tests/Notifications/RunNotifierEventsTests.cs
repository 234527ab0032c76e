using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Pipeline.Notifications;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Notifications;

/// <summary>
/// Which events a run raises, read from the run and the fleet's earlier runs in a real SQLite store: stalled runs, a
/// streak of retries past each target's threshold (once per streak), approvals given and lapsed, and drift that changes
/// while it stays outstanding.
/// </summary>
public sealed class RunNotifierEventsTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("notify-events");
    private SqliteStateStore _store = null!;
    private long _clock;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(RunResults.Invalid, true)]
    [InlineData(RunResults.RefMissing, true)]
    [InlineData(RunResults.Refused, true)]
    [InlineData(RunResults.Denied, false)]
    [InlineData(RunResults.Waiting, false)]
    [InlineData(RunResults.Succeeded, false)]
    public async Task StalledResults_RaiseRunStalled_ExceptTheOnesOtherEventsAlreadyName(string result, bool stalled)
    {
        var report = await RecordAsync(new RunReport { Result = result, Commit = "c1", Error = "ref 'main' not found on the server" });

        var events = await EventsAsync(report);

        Assert.Equal(stalled, events.Any(e => e.Event == NotificationEvent.RunStalled));
    }

    [Fact]
    public async Task RetryStreak_IsCounted_AndEachTargetHearsOnceItsThresholdIsPassed_OncePerStreak()
    {
        var spec = Fleets.Fleet("mainnet", []) with
        {
            Notifications = [Target("early", 2), Target("late", 4)],
        };
        var notifier = new RunNotifier(_store, TimeProvider.System);
        var heard = new List<string>();
        async Task RunAsync(string result)
        {
            var report = await RecordAsync(new RunReport { Result = result, Commit = "c1", Error = "the state store was unreachable" });
            await notifier.QueueAsync(spec, report, CancellationToken.None);
        }

        await RunAsync(RunResults.Unreachable);
        await RunAsync(RunResults.Unreachable);
        await RunAsync(RunResults.Interrupted);
        await RunAsync(RunResults.Unreachable);
        await RunAsync(RunResults.Unreachable);
        await RunAsync(RunResults.NoChanges);
        await RunAsync(RunResults.Unreachable);
        await RunAsync(RunResults.Unreachable);

        var queued = (await _store.ListNotificationsAsync(null, 100, CancellationToken.None)).Where(d => d.Event == "run-retrying").OrderBy(d => d.Id).ToList();
        // early: at the 2nd run of the first streak and at the 2nd of the second; late: only at the 4th of the first.
        Assert.Equal(["early@2", "late@4", "early@8"], queued.Select(d => $"{d.Target}@{d.RunId}"));
        Assert.Contains("2 run(s) in a row ended unreachable", queued[0].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApprovalLapsed_AlsoSaysANewPlanWaits_AndApprovedSaysWhoApproved()
    {
        var lapsed = await RecordAsync(new RunReport
        {
            Result = RunResults.Waiting, Commit = "c2",
            Approval = new ApprovalReport { Status = "lapsed", Fingerprint = "c2:plan-b", LapsedRun = 7, Added = ["create validator-1"], Reason = "replacement: manual" },
        });
        var events = await EventsAsync(lapsed);
        Assert.Contains(events, e => e.Event == NotificationEvent.ApprovalNeeded && e.Message.Subject == "c2:plan-b");
        var lapse = Assert.Single(events, e => e.Event == NotificationEvent.ApprovalLapsed);
        Assert.Equal("the approval of run 7 lapsed: the plan changed since; added: create validator-1", lapse.Message.Summary);

        var approved = await RecordAsync(new RunReport
        {
            Result = RunResults.Succeeded, Commit = "c2",
            Approval = new ApprovalReport { Status = "approved", Fingerprint = "c2:plan-b", ApprovedBy = ["alice", "bob"] },
        });
        var given = Assert.Single(await EventsAsync(approved), e => e.Event == NotificationEvent.ApprovalGiven);
        Assert.Equal("plan approved by alice, bob; run succeeded", given.Message.Summary);
    }

    [Fact]
    public async Task DriftThatChangesWhileOutstanding_IsAnUpdate_TheSameDriftAgainIsOpenedUnderItsKey_AndACleanRunResolves()
    {
        var first = await RecordAsync(Drift("fp-1"));
        Assert.Equal([NotificationEvent.DriftOpened], (await EventsAsync(first)).Select(e => e.Event));

        var changed = await RecordAsync(Drift("fp-2"));
        var update = Assert.Single(await EventsAsync(changed));
        Assert.Equal((NotificationEvent.DriftUpdated, "fp-2"), (update.Event, update.Message.Subject));

        var same = await RecordAsync(Drift("fp-2"));
        Assert.Equal([NotificationEvent.DriftOpened], (await EventsAsync(same)).Select(e => e.Event));

        var clean = await RecordAsync(new RunReport { Result = RunResults.NoChanges, Commit = "c1" });
        var resolved = Assert.Single(await EventsAsync(clean));
        Assert.Equal((NotificationEvent.DriftResolved, "fp-2"), (resolved.Event, resolved.Message.Subject));
    }

    [Fact]
    public void TeamsPayload_IsAMessageWithOneAdaptiveCard_TitleSummaryAndFacts()
    {
        var message = new NotificationMessage("mainnet", "run-stalled", 12, "0123456789abcdef", RunResults.RefMissing, "ref 'main' not found", "s", DateTimeOffset.UnixEpoch);

        var body = System.Text.Json.Nodes.JsonNode.Parse(NotificationPayloads.Body(NotificationKind.Teams, message))!;

        Assert.Equal("message", body["type"]!.GetValue<string>());
        var attachment = Assert.Single(body["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        var card = attachment["content"]!;
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        var blocks = card["body"]!.AsArray();
        Assert.Equal("GitOpsFleet: mainnet: run stalled", blocks[0]!["text"]!.GetValue<string>());
        Assert.Equal("ref 'main' not found", blocks[1]!["text"]!.GetValue<string>());
        var facts = blocks[2]!["facts"]!.AsArray().ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["Fleet"] = "mainnet", ["Run"] = "12", ["Result"] = "ref-missing", ["Commit"] = "0123456789ab" }, facts);
    }

    private static NotificationTarget Target(string name, int threshold) =>
        new(name, NotificationKind.Slack, new SecretReference("URL", null), null, [NotificationEvent.RunRetrying]) { RetryThreshold = threshold };

    private static RunReport Drift(string fingerprint) => new()
    {
        Result = RunResults.Drift,
        Commit = "c1",
        Drift = new DriftReportRecord { Fleet = "mainnet", Fingerprint = fingerprint, Outstanding = 1 },
    };

    private async Task<IReadOnlyList<(NotificationEvent Event, NotificationMessage Message, int Streak)>> EventsAsync(RunReport report) =>
        await new RunNotifier(_store, TimeProvider.System).EventsAsync(report, CancellationToken.None);

    /// <summary>Records the run as the pipeline does (its report is the record's document) and returns it with its id.</summary>
    private async Task<RunReport> RecordAsync(RunReport report)
    {
        var started = DateTimeOffset.UnixEpoch.AddMinutes(++_clock);
        var id = await _store.StartRunAsync("mainnet", "repo", "schedule", started, CancellationToken.None);
        report = report with { RunId = id, Fleet = "mainnet", Summary = report.Result ?? "" };
        await _store.FinishRunAsync(new RunRecord(id, "mainnet", "repo", report.Commit, "schedule", started, started.AddSeconds(1), report.Result!, report.Summary, report.ToDocument()),
            CancellationToken.None);
        return report;
    }
}
