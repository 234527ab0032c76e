using GitOpsFleet.Model;
using GitOpsFleet.Reconciler.Pipeline.Notifications;
using GitOpsFleet.Reconciler.Pipeline.Reports;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Notifications;

/// <summary>The service's default targets are notified besides each fleet's own; a fleet target of the same name replaces the default.</summary>
public sealed class RunNotifierDefaultsTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("notify-defaults");
    private SqliteStateStore _store = null!;

    public async Task InitializeAsync() => _store = await SqliteStateStore.OpenAsync(_temp.Combine("state.db"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _temp.Dispose();
    }

    private static NotificationTarget Slack(string name, string env, params NotificationEvent[] events) =>
        new(name, NotificationKind.Slack, new SecretReference(env, null), null, events);

    private static RunReport Failed(long runId) => new() { RunId = runId, Fleet = "mainnet", Result = "failed", Commit = "c1", Summary = "failed", Error = "apply failed" };

    private async Task<List<string>> QueuedAsync() =>
        (await _store.ListNotificationsAsync(null, 100, CancellationToken.None)).OrderBy(d => d.Target, StringComparer.Ordinal).Select(d => $"{d.Target}:{d.UrlFrom}").ToList();

    [Fact]
    public async Task Defaults_AreNotifiedBesideTheFleetsOwn_AndTheFleetsTargetOfTheSameNameWins()
    {
        var spec = Fleets.Fleet("mainnet", []) with { Notifications = [Slack("chat", "FLEET_CHAT", NotificationEvent.RunFailed)] };
        IReadOnlyList<NotificationTarget> defaults =
        [
            Slack("chat", "SERVICE_CHAT", NotificationEvent.RunFailed),
            Slack("ops", "SERVICE_OPS", NotificationEvent.RunFailed),
            Slack("quiet", "SERVICE_QUIET", NotificationEvent.PlanDenied),
        ];

        await new RunNotifier(_store, TimeProvider.System).QueueAsync(spec, defaults, Failed(1), CancellationToken.None);

        Assert.Equal(["chat:env:FLEET_CHAT", "ops:env:SERVICE_OPS"], await QueuedAsync());
    }

    [Fact]
    public async Task Defaults_HearOfARunWhoseFleetFileDidNotLoad()
    {
        var invalid = new RunReport { RunId = 2, Fleet = "mainnet", Result = "invalid", Commit = "c2", Summary = "invalid", Error = "fleet.yaml:3:1: error FLEET001" };

        await new RunNotifier(_store, TimeProvider.System).QueueAsync(null, [Slack("ops", "SERVICE_OPS", NotificationEvent.RunStalled)], invalid, CancellationToken.None);

        var delivery = Assert.Single(await _store.ListNotificationsAsync(null, 10, CancellationToken.None));
        Assert.Equal(("ops", "run-stalled", 2L), (delivery.Target, delivery.Event, delivery.RunId));
    }
}
