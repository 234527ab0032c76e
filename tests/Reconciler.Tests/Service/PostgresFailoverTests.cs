using GitOpsFleet.Reconciler.Tests.Support;
using Npgsql;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// Two real `serve` replicas on one real PostgreSQL: Quartz's clustered store shares the schedules and the
/// per-fleet leases keep runs of one fleet apart. One replica is killed; the other takes its fleets over.
/// </summary>
public sealed class PostgresFailoverTests
{
    private static readonly TimeSpan TakeoverBound = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task TwoReplicas_NeverRunAFleetTwiceAtOnce_AndTheSurvivorTakesOverTheDeadOnesFleets()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var temp = new TempDirectory("failover");
        var fleets = Enumerable.Range(0, 4).Select(_ => TestFleet.NewName()).ToList();
        var yaml = new System.Text.StringBuilder("fleets:\n");
        foreach (var f in fleets)
        {
            TestFleet.Create(temp.Combine(f), f, replicas: 0);
            yaml.Append($"  - name: {f}\n    repository: {temp.Combine(f)}\n");
        }
        File.WriteAllText(temp.Combine("fleets.yaml"), yaml.ToString());
        ServeProcess Start(string id) => ServeProcess.StartAsync(temp.Combine("home-" + id), new Dictionary<string, string>
        {
            ["GITOPSFLEET__INSTANCEID"] = "replica-" + id,
            ["GITOPSFLEET__LEASEDURATION"] = "00:00:04",
            ["GITOPSFLEET__CLUSTERCHECKININTERVAL"] = "00:00:02",
        }, "--config", temp.Combine("fleets.yaml"), "--state", "postgres:" + pg.ConnectionString, "--interval", "1s").GetAwaiter().GetResult();

        // The first replica alone owns every fleet for a while, so the one killed later surely had work.
        await using var a = Start("a");
        await ApiJson.WaitForAsync(() => FinishedRunsAsync(pg, null), runs => fleets.All(f => runs.Count(r => r.Fleet == f) >= 2),
            TimeSpan.FromSeconds(60), runs => $"{runs.Count} runs\nA:\n{a.Output}");
        Assert.Contains("finished", a.Output, StringComparison.Ordinal);
        // Then both share the schedule: overlap between replicas is what the leases must prevent.
        await using var b = Start("b");
        var both = DateTimeOffset.UtcNow;
        await ApiJson.WaitForAsync(() => FinishedRunsAsync(pg, both), runs => fleets.All(f => runs.Count(r => r.Fleet == f) >= 3),
            TimeSpan.FromSeconds(60), runs => $"{runs.Count} runs\nA:\n{a.Output}\nB:\n{b.Output}");

        var killedAt = DateTimeOffset.UtcNow;
        a.KillHard();
        var after = await ApiJson.WaitForAsync(() => FinishedRunsAsync(pg, killedAt), runs => fleets.All(f => runs.Any(r => r.Fleet == f)),
            TakeoverBound, runs => $"fleets run since the kill: {string.Join(", ", runs.Select(r => r.Fleet).Distinct())}\nB:\n{b.Output}");
        var takeover = fleets.Max(f => after.Where(r => r.Fleet == f).Min(r => r.Start) - killedAt);

        await b.TerminateAsync(TimeSpan.FromSeconds(60));
        var all = await AllRunsAsync(pg);
        foreach (var fleet in fleets)
        {
            var runs = all.Where(r => r.Fleet == fleet).OrderBy(r => r.Start).ToList();
            for (var i = 1; i < runs.Count; i++)
            {
                // A run the killed replica left unfinished ended, at the latest, when the replica died.
                var previousEnd = runs[i - 1].End ?? killedAt;
                Assert.True(runs[i].Start >= previousEnd,
                    $"{fleet}: run {runs[i].Id} started at {runs[i].Start:O} before run {runs[i - 1].Id} ended at {previousEnd:O}");
            }
        }
        Assert.True(takeover < TakeoverBound, $"takeover took {takeover}");
    }

    private sealed record Run(long Id, string Fleet, DateTimeOffset Start, DateTimeOffset? End);

    private static async Task<List<Run>> FinishedRunsAsync(PostgresServer pg, DateTimeOffset? since) =>
        (await AllRunsAsync(pg)).Where(r => r.End is not null && (since is null || r.Start > since)).ToList();

    private static async Task<List<Run>> AllRunsAsync(PostgresServer pg)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id, fleet, started_at, finished_at FROM gof_runs ORDER BY id", conn);
        var list = new List<Run>();
        try
        {
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync())
            {
                list.Add(new Run(r.GetInt64(0), r.GetString(1), new DateTimeOffset(r.GetDateTime(2), TimeSpan.Zero), r.IsDBNull(3) ? null : new DateTimeOffset(r.GetDateTime(3), TimeSpan.Zero)));
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // The first replica has not migrated yet.
        }
        return list;
    }
}
