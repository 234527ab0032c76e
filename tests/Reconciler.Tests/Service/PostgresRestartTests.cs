using System.Diagnostics;
using System.Net;
using GitOpsFleet.Reconciler.Tests.Support;
using Npgsql;
using Xunit.Abstractions;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// A real `serve` on a real PostgreSQL that is stopped and started again while the service runs its fleet every
/// second (issue 28, item 3, short form): the service does not exit, /readyz is not ready while the store is down and
/// ready after, runs go on once it is back, and no run is left unfinished.
/// </summary>
public sealed class PostgresRestartTests(ITestOutputHelper output)
{
    [Fact]
    public async Task StoreStoppedAndStarted_ServiceStaysUp_NotReadyMeanwhile_ThenRunsAgainWithNoRunLeftOpen()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var temp = new TempDirectory("pg-restart");
        var fleet = TestFleet.NewName();
        TestFleet.Create(temp.Combine(fleet), fleet, replicas: 0);
        File.WriteAllText(temp.Combine("fleets.yaml"), $"fleets:\n  - name: {fleet}\n    repository: {temp.Combine(fleet)}\n");
        await using var serve = await ServeProcess.StartAsync(temp.Combine("home"), new Dictionary<string, string>
        {
            ["GITOPSFLEET__LEASEDURATION"] = "00:00:04",
            ["GITOPSFLEET__CLUSTERCHECKININTERVAL"] = "00:00:02",
            ["GITOPSFLEET__BACKOFFMAX"] = "00:00:02",
        }, "--config", temp.Combine("fleets.yaml"), "--state", "postgres:" + pg.ConnectionString, "--interval", "1s");
        await ApiJson.WaitForAsync(() => FinishedRunsAsync(pg), runs => runs >= 2, TimeSpan.FromSeconds(60), runs => $"{runs} runs\n{serve.Output}");
        Assert.Equal(HttpStatusCode.OK, await ReadyzAsync(serve));

        var down = Stopwatch.StartNew();
        await pg.StopAsync();
        var notReady = await ApiJson.WaitForAsync(() => ReadyzAsync(serve), s => s == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), s => $"/readyz {s}\n{serve.Output}");
        var notReadyAfter = down.Elapsed;
        // Several scheduled runs fall while the store is down.
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.False(serve.HasExited, serve.Output);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady);

        await pg.StartAgainAsync();
        var up = Stopwatch.StartNew();
        var restartedAt = await ScalarAsync<DateTime>(pg, "SELECT now()");
        await ApiJson.WaitForAsync(() => ReadyzAsync(serve), s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60), s => $"/readyz {s}\n{serve.Output}");
        var readyAfter = up.Elapsed;
        var before = await FinishedRunsAsync(pg);
        await ApiJson.WaitForAsync(() => FinishedRunsAsync(pg), runs => runs >= before + 2, TimeSpan.FromSeconds(60), runs => $"{runs} runs\n{serve.Output}");
        var runsAfter = up.Elapsed;

        Assert.False(serve.HasExited, serve.Output);
        // A run that was in flight when the store went away is finished (or marked interrupted), not left running.
        Assert.Equal(0, await CountAsync(pg, $"SELECT count(*) FROM gof_runs WHERE finished_at IS NULL AND started_at < '{restartedAt:O}'::timestamptz"));
        output.WriteLine(await ScalarAsync<string>(pg, "SELECT string_agg(result || ' ' || n, ', ') FROM (SELECT result, count(*) AS n FROM gof_runs GROUP BY result) r"));
        output.WriteLine(string.Join('\n', serve.Output.Split('\n').Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("retry", StringComparison.OrdinalIgnoreCase)).Take(3)));
        output.WriteLine($"not ready {notReadyAfter.TotalSeconds:0.0} s after the stop; ready {readyAfter.TotalSeconds:0.0} s and 2 more runs {runsAfter.TotalSeconds:0.0} s after the start");
    }

    [Fact]
    public async Task StoreStoppedDuringARun_TheRunIsRecordedOnceTheStoreIsBack()
    {
        await using var pg = await PostgresServer.StartAsync();
        using var temp = new TempDirectory("pg-restart");
        var fleet = TestFleet.NewName();
        // One node to create makes the first run long enough (a real node process starts) to stop the store under it.
        TestFleet.Create(temp.Combine(fleet), fleet, replicas: 1);
        File.WriteAllText(temp.Combine("fleets.yaml"), $"fleets:\n  - name: {fleet}\n    repository: {temp.Combine(fleet)}\n");
        try
        {
            await using var serve = await ServeProcess.StartAsync(temp.Combine("home"), new Dictionary<string, string>
            {
                ["GITOPSFLEET__LEASEDURATION"] = "00:00:04",
                ["GITOPSFLEET__CLUSTERCHECKININTERVAL"] = "00:00:02",
                ["GITOPSFLEET__BACKOFFMAX"] = "00:00:02",
            }, "--config", temp.Combine("fleets.yaml"), "--state", "postgres:" + pg.ConnectionString, "--interval", "1s");
            await ApiJson.WaitForAsync(async () =>
            {
                try
                {
                    return await CountAsync(pg, "SELECT count(*) FROM gof_runs WHERE finished_at IS NULL");
                }
                catch (NpgsqlException)
                {
                    return 0;
                }
            }, open => open > 0, TimeSpan.FromSeconds(60), open => serve.Output);
            await pg.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            await pg.StartAgainAsync();
            var up = Stopwatch.StartNew();
            await ApiJson.WaitForAsync(() => CountAsync(pg, "SELECT count(*) FROM gof_runs WHERE id = 1 AND finished_at IS NOT NULL"), n => n == 1,
                TimeSpan.FromSeconds(60), _ => serve.Output);
            var recordedAfter = up.Elapsed;

            Assert.False(serve.HasExited, serve.Output);
            var first = await ScalarAsync<string>(pg, "SELECT result || ': ' || summary FROM gof_runs WHERE id = 1");
            output.WriteLine($"run 1 ({first}) recorded {recordedAfter.TotalSeconds:0.0} s after the store came back");
        }
        finally
        {
            NodeProcesses.KillFleet(fleet);
        }
    }

    private static async Task<HttpStatusCode> ReadyzAsync(ServeProcess serve)
    {
        using var response = await serve.Http.GetAsync("/readyz");
        return response.StatusCode;
    }

    private static async Task<int> FinishedRunsAsync(PostgresServer pg) =>
        await CountAsync(pg, "SELECT count(*) FROM gof_runs WHERE finished_at IS NOT NULL");

    private static async Task<int> CountAsync(PostgresServer pg, string sql)
    {
        try
        {
            return Convert.ToInt32(await ScalarAsync<long>(pg, sql), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }

    private static async Task<T> ScalarAsync<T>(PostgresServer pg, string sql)
    {
        // Unpooled: a pooled connection from before the restart would be handed out dead.
        await using var conn = new NpgsqlConnection(pg.ConnectionString + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
