using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport;
using Npgsql;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// Two real `serve` replicas on one real PostgreSQL and one machine's local provider. The replica that is applying a
/// fleet is killed with SIGKILL between node starts; the other takes the fleet over once the lease expires, starts only
/// the nodes that are missing, and marks the killed run interrupted. Node starts are counted from the nodes' own logs,
/// where the provider writes one header per start.
/// </summary>
public sealed class ReplicaTakeoverTests
{
    private const int Nodes = 8;
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(4);

    [Fact]
    public async Task ReplicaKilledMidApply_TheOtherFinishesTheFleet_NoNodeStartsTwice_AndTheKilledRunIsInterrupted()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var temp = new TempDirectory("takeover");
        var fleet = TestFleet.NewName();
        // No node until both replicas run; then one node at a time, so the kill lands between starts.
        var repo = TestFleet.Create(temp.Combine(fleet), fleet, replicas: 0, maxParallel: 1);
        File.WriteAllText(temp.Combine("fleets.yaml"), $"fleets:\n  - name: {fleet}\n    repository: {temp.Combine(fleet)}\n");
        var machine = temp.Combine("machine");
        ServeProcess Start(string id) => ServeProcess.StartAsync(temp.Combine("home-" + id), new Dictionary<string, string>
        {
            ["GITOPSFLEET__INSTANCEID"] = "replica-" + id,
            ["GITOPSFLEET__LEASEDURATION"] = "00:00:04",
            ["GITOPSFLEET__CLUSTERCHECKININTERVAL"] = "00:00:02",
            // Both replicas manage the same machine's processes, as replicas on one host do.
            ["GITOPSFLEET__PROVIDERS__LOCAL__STATEDIRECTORY"] = machine,
        }, "--config", temp.Combine("fleets.yaml"), "--state", "postgres:" + pg.ConnectionString, "--interval", "1s").GetAwaiter().GetResult();

        var replicas = new Dictionary<string, ServeProcess>(StringComparer.Ordinal);
        try
        {
            replicas["replica-a"] = Start("a");
            replicas["replica-b"] = Start("b");
            var both = DateTimeOffset.UtcNow;
            await ApiJson.WaitForAsync(() => RunsAsync(pg, fleet), runs => runs.Any(r => r.Start > both && r.End is not null), TimeSpan.FromSeconds(90), runs => string.Join("\n", runs));

            repo.Write("pools/rpc.yaml", TestFleet.Pool(Nodes)).Commit($"{Nodes} nodes");
            // The replica holding the lease when the first node appears is the one applying (the lease is held for the whole
            // run). One open connection, so the read of the holder costs little beside a node start.
            await using var conn = new NpgsqlConnection(pg.ConnectionString);
            await conn.OpenAsync();
            var holder = await Eventually.ValueAsync(async () => NodeProcesses.OfFleet(fleet).Count >= 1 ? await LeaseHolderAsync(conn, fleet) : null, h => h is not null,
                TimeSpan.FromSeconds(90), _ => "no replica started the fleet's nodes");
            var killed = replicas[holder!];
            var survivor = replicas.Single(r => r.Key != holder).Value;
            var killedAt = DateTimeOffset.UtcNow;
            killed.KillHard();
            var upAtKill = NodeProcesses.OfFleet(fleet).Count;
            Assert.True(upAtKill < Nodes, $"all {Nodes} nodes were up before the kill: the apply was not interrupted");

            // The survivor's run after the kill brings the fleet to its size.
            var finished = await ApiJson.WaitForAsync(() => RunsAsync(pg, fleet),
                runs => runs.Any(r => r.Start > killedAt && r.Result == "succeeded") && NodeProcesses.OfFleet(fleet).Count == Nodes,
                TimeSpan.FromSeconds(90), runs => $"{string.Join("\n", runs)}\nsurvivor:\n{survivor.Output}");
            var takeover = finished.Where(r => r.Start > killedAt).Min(r => r.Start) - killedAt;
            Assert.True(takeover < Lease * 4, $"the survivor took the fleet over only after {takeover}");

            // Every node started exactly once: one start header in each node's log, and as many nodes as logs.
            var logs = Directory.GetFiles(Path.Combine(machine, "fleets", fleet, "logs"), "*.log");
            var starts = logs.ToDictionary(l => Path.GetFileNameWithoutExtension(l), l => File.ReadLines(l).Count(line => line.StartsWith("--- ", StringComparison.Ordinal) && line.Contains(" starting: ", StringComparison.Ordinal)));
            Assert.Equal(Nodes, starts.Count);
            Assert.All(starts, s => Assert.True(s.Value == 1, $"node {s.Key} was started {s.Value} times"));
            Assert.Equal(Nodes, NodeProcesses.OfFleet(fleet).Select(p => p.Name).Distinct().Count());

            // The killed run says it was interrupted, by whom, and what it had applied.
            var interrupted = Assert.Single(finished, r => r.Result == "interrupted");
            Assert.Contains($"replica {holder}", interrupted.Summary, StringComparison.Ordinal);
            Assert.NotNull(interrupted.End);
            var applied = interrupted.Document["interrupted"]?["applied"]?.AsArray().Count ?? -1;
            Assert.InRange(applied, 0, Nodes - 1);
            Assert.Contains($"{applied} node(s) applied before it stopped", interrupted.Summary, StringComparison.Ordinal);
            Assert.Contains("Took over", survivor.Output, StringComparison.Ordinal);
            Console.WriteLine($"takeover after SIGKILL: {takeover.TotalSeconds:F1} s (lease {Lease.TotalSeconds:F0} s); {upAtKill} of {Nodes} nodes up at the kill, {applied} recorded applied");
        }
        finally
        {
            foreach (var r in replicas.Values) await r.DisposeAsync();
            foreach (var node in NodeProcesses.OfFleet(fleet)) NodeProcesses.Kill(node.Pid);
        }
    }

    private sealed record Run(long Id, DateTimeOffset Start, DateTimeOffset? End, string Result, string Summary, JsonObject Document)
    {
        public override string ToString() => $"run {Id}: {Result} {Start:O} - {End:O}: {Summary}";
    }

    private static async Task<string?> LeaseHolderAsync(NpgsqlConnection conn, string fleet)
    {
        await using var cmd = new NpgsqlCommand("SELECT holder FROM gof_leases WHERE fleet=$1", conn) { Parameters = { new() { Value = fleet } } };
        try
        {
            return await cmd.ExecuteScalarAsync() as string;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // no replica has migrated the store yet
        }
    }

    private static async Task<List<Run>> RunsAsync(PostgresServer pg, string fleet)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id, started_at, finished_at, result, summary, document::text FROM gof_runs WHERE fleet=$1 ORDER BY id", conn)
        {
            Parameters = { new() { Value = fleet } },
        };
        var list = new List<Run>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            list.Add(new Run(r.GetInt64(0), new DateTimeOffset(r.GetDateTime(1), TimeSpan.Zero), r.IsDBNull(2) ? null : new DateTimeOffset(r.GetDateTime(2), TimeSpan.Zero),
                r.GetString(3), r.GetString(4), JsonNode.Parse(r.GetString(5)) as JsonObject ?? []));
        }
        return list;
    }
}
