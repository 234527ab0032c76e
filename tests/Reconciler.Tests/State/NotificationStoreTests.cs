using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Service;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.State;

/// <summary>
/// The notification queue in both stores (PostgreSQL is a real server): one row per key, claims that hand a
/// delivery to one sender at a time and give it back when the lease passes, outcomes read back.
/// </summary>
public sealed class NotificationStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static NotificationDelivery Delivery(string key, string fleet, DateTimeOffset created, long runId = 7) =>
        new(0, key, fleet, "ops", "webhook", "plan-denied", runId, "env:HOOK_URL", "env:HOOK_SECRET", """{"event":"plan-denied"}""",
            NotificationDelivery.Pending, 0, created, created, null, null);

    private static async Task QueueAsync(IStateStore store)
    {
        var ct = CancellationToken.None;
        Assert.True(await store.EnqueueNotificationAsync(Delivery("f/ops/plan-denied/c1", "f", At), ct));
        // The same event queued again (a second run, or another replica) is the same row.
        Assert.False(await store.EnqueueNotificationAsync(Delivery("f/ops/plan-denied/c1", "f", At.AddSeconds(5)), ct));
        Assert.True(await store.EnqueueNotificationAsync(Delivery("g/ops/plan-denied/c2", "g", At.AddSeconds(10)), ct));

        var now = At.AddMinutes(1);
        var lease = now.AddMinutes(2);
        var first = await store.ClaimNotificationAsync(now, lease, ct);
        Assert.Equal(("f/ops/plan-denied/c1", lease), (first!.Key, first.NextAttemptAt));
        // The first is leased: the next claim takes the other one, and then there is nothing due.
        Assert.Equal("g/ops/plan-denied/c2", (await store.ClaimNotificationAsync(now, lease, ct))!.Key);
        Assert.Null(await store.ClaimNotificationAsync(now, lease, ct));

        await store.UpdateNotificationAsync(first.Id, NotificationDelivery.Delivered, 3, lease, now.AddSeconds(4), "500 twice, then 200", ct);
        // A sender that died with the second one leased: once the lease passes, another sender takes it again.
        Assert.Equal("g/ops/plan-denied/c2", (await store.ClaimNotificationAsync(lease.AddSeconds(1), lease.AddMinutes(2), ct))!.Key);
        Assert.Null(await store.ClaimNotificationAsync(lease.AddSeconds(1), lease.AddMinutes(2), ct));

        // A command-line run claims only what it queued itself.
        Assert.True(await store.EnqueueNotificationAsync(Delivery("h/ops/plan-denied/c3", "h", At.AddSeconds(20), runId: 8), ct));
        Assert.Null(await store.ClaimRunNotificationAsync(7, lease.AddSeconds(2), lease.AddMinutes(3), ct));
        Assert.Equal("h/ops/plan-denied/c3", (await store.ClaimRunNotificationAsync(8, lease.AddSeconds(2), lease.AddMinutes(3), ct))!.Key);
        Assert.Null(await store.ClaimRunNotificationAsync(8, lease.AddSeconds(2), lease.AddMinutes(3), ct));

        var all = (await store.ListNotificationsAsync(null, 10, ct)).Where(d => d.Fleet != "h").ToList();
        Assert.Equal(["g/ops/plan-denied/c2", "f/ops/plan-denied/c1"], all.Select(d => d.Key));
        var delivered = Assert.Single(await store.ListNotificationsAsync("f", 10, ct));
        Assert.Equal((NotificationDelivery.Delivered, 3, (DateTimeOffset?)now.AddSeconds(4), "500 twice, then 200"),
            (delivered.Status, delivered.Attempts, delivered.DeliveredAt, delivered.LastError));
        Assert.Equal(("env:HOOK_URL", "env:HOOK_SECRET", """{"event":"plan-denied"}""", 7L), (delivered.UrlFrom, delivered.SecretFrom, delivered.Payload, delivered.RunId));
    }

    [Fact]
    public async Task Sqlite_QueuesClaimsAndRecordsDeliveries()
    {
        using var temp = new TempDirectory("notification-store");
        await using var store = await SqliteStateStore.OpenAsync(temp.Combine("state.db"), CancellationToken.None);
        await QueueAsync(store);
    }

    [Fact]
    public async Task Postgres_QueuesClaimsAndRecordsDeliveries()
    {
        await using var pg = await PostgresServer.StartAsync();
        await using var store = await PostgresStateStore.OpenAsync(pg.ConnectionString, CancellationToken.None);
        await QueueAsync(store);
    }
}
