using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Service;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.State;

/// <summary>The approvals table reads back what was written, in both stores (PostgreSQL is a real server).</summary>
public sealed class ApprovalStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static async Task RoundTripAsync(IStateStore store)
    {
        var approve = await store.AddApprovalAsync(new ApprovalRecord(0, 7, "f", "c1:aa", "alice", "maintenance window", ApprovalDecision.Approve, At), CancellationToken.None);
        var reject = await store.AddApprovalAsync(new ApprovalRecord(0, 8, "f", "c1:aa", "bob", null, ApprovalDecision.Reject, At.AddMinutes(1)), CancellationToken.None);
        await store.AddApprovalAsync(new ApprovalRecord(0, 9, "other", "c2:bb", "alice", null, ApprovalDecision.Approve, At), CancellationToken.None);
        Assert.True(reject.Id > approve.Id);
        var listed = await store.ListApprovalsAsync("f", CancellationToken.None);
        Assert.Equal([reject, approve], listed);
    }

    [Fact]
    public async Task Sqlite_KeepsDecisions_NewestFirst()
    {
        using var temp = new TempDirectory("approval-store");
        await using var store = await SqliteStateStore.OpenAsync(temp.Combine("state.db"), CancellationToken.None);
        await RoundTripAsync(store);
    }

    [Fact]
    public async Task Postgres_KeepsDecisions_NewestFirst()
    {
        await using var pg = await PostgresServer.StartAsync();
        await using var store = await PostgresStateStore.OpenAsync(pg.ConnectionString, CancellationToken.None);
        await RoundTripAsync(store);
    }
}
