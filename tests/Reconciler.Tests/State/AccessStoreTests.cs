using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Service;
using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.State;

/// <summary>API tokens and the audit log read back what was written, in both stores (PostgreSQL is a real server).</summary>
public sealed class AccessStoreTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static async Task RoundTripAsync(IStateStore store)
    {
        var ct = CancellationToken.None;
        Assert.True(await store.AddTokenAsync(new ApiTokenRecord("ci", new string('a', 64), ["run"], At, "alice", null), ct));
        Assert.True(await store.AddTokenAsync(new ApiTokenRecord("bot", new string('b', 64), ["read", "approve"], At, "alice", null), ct));
        Assert.False(await store.AddTokenAsync(new ApiTokenRecord("ci", new string('c', 64), ["admin"], At, "bob", null), ct));
        Assert.True(await store.RevokeTokenAsync("ci", At.AddHours(1), ct));
        Assert.False(await store.RevokeTokenAsync("ci", At.AddHours(2), ct));
        Assert.False(await store.RevokeTokenAsync("nobody", At, ct));
        // A revoked name stays taken, so the audit entries naming it keep naming one token.
        Assert.False(await store.AddTokenAsync(new ApiTokenRecord("ci", new string('d', 64), ["run"], At, "bob", null), ct));
        var tokens = await store.ListTokensAsync(ct);
        Assert.Equal(["bot", "ci"], tokens.Select(t => t.Name));
        Assert.Equal(["read", "approve"], tokens[0].Scopes);
        Assert.Equal((At, "alice", (DateTimeOffset?)null), (tokens[0].CreatedAt, tokens[0].CreatedBy, tokens[0].RevokedAt));
        Assert.Equal(At.AddHours(1), tokens[1].RevokedAt);

        var first = await store.AddAuditAsync(new AuditRecord(0, At, "ci", "run.request", "f", "127.0.0.1", null), ct);
        await store.AddAuditAsync(new AuditRecord(0, At.AddMinutes(5), "bob", "plan.approve", "run 7", "cli", "reason: window"), ct);
        await store.AddAuditAsync(new AuditRecord(0, At.AddMinutes(10), "alice", "token.revoke", "ci", "cli", null), ct);
        var all = await store.ListAuditAsync(null, 100, ct);
        Assert.Equal(["run.request", "plan.approve", "token.revoke"], all.Select(a => a.Action));
        Assert.Equal(first, all[0]);
        Assert.Equal(["plan.approve", "token.revoke"], (await store.ListAuditAsync(At.AddMinutes(5), 100, ct)).Select(a => a.Action));
        Assert.Equal(["token.revoke"], (await store.ListAuditAsync(null, 1, ct)).Select(a => a.Action));
    }

    [Fact]
    public async Task Sqlite_KeepsTokensAndAudit()
    {
        using var temp = new TempDirectory("access-store");
        await using var store = await SqliteStateStore.OpenAsync(temp.Combine("state.db"), CancellationToken.None);
        await RoundTripAsync(store);
    }

    [Fact]
    public async Task Postgres_KeepsTokensAndAudit()
    {
        await using var pg = await PostgresServer.StartAsync();
        await using var store = await PostgresStateStore.OpenAsync(pg.ConnectionString, CancellationToken.None);
        await RoundTripAsync(store);
    }
}
