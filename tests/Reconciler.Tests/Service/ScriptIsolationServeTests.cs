using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// A fleet whose scaling script ends its worker process (a record whose hash recurses through a cycle: a stack
/// overflow in process, a deadline or memory stop in a worker) affects only that pool's decision: the real `serve`
/// process stays up and keeps reconciling another fleet on the same schedule.
/// </summary>
public sealed class ScriptIsolationServeTests
{
    [Fact]
    public async Task ScriptThatEndsItsWorker_LeavesServeAndTheOtherFleetRunning()
    {
        using var temp = new TempDirectory("script-isolation");
        var bad = TestFleet.NewName();
        var good = TestFleet.NewName();
        TestFleet.Create(temp.Combine(bad), bad, replicas: 0)
            .Write("scaling/crash.csx", "record R { public R N; }\nvar r = new R();\nr.N = r;\nreturn r.GetHashCode();\n")
            .Write("pools/rpc.yaml", """
                apiVersion: gitopsfleet.dev/v1
                kind: NodePool
                metadata:
                  name: rpc
                spec:
                  provider: local
                  machine: {size: local-small}
                  software: {name: geth, version: 1.16.7}
                  replicas: {min: 0, max: 2}
                  scaling: {script: scaling/crash.csx, every: 1m}
                  storage: {sizeGiB: 10, encrypted: true}
                """)
            .Commit("a script that ends its worker");
        TestFleet.Create(temp.Combine(good), good, replicas: 0);
        File.WriteAllText(temp.Combine("fleets.yaml"),
            $"fleets:\n  - name: {bad}\n    repository: {temp.Combine(bad)}\n  - name: {good}\n    repository: {temp.Combine(good)}\n");

        await using var serve = await ServeProcess.StartAsync(temp.Combine("home"), null, "--config", temp.Combine("fleets.yaml"), "--interval", "1s");
        var badRuns = await ApiJson.WaitForAsync(() => ApiJson.RunsAsync(serve.Http, $"?fleet={bad}&result=no-changes"),
            all => all.Count >= 1, TimeSpan.FromSeconds(90), all => $"{all.Count} runs of {bad}\n{serve.Output}");
        // Later runs of the good fleet start after the bad fleet's worker was stopped.
        var since = badRuns.Max(r => r!["id"]!.GetValue<long>());
        await ApiJson.WaitForAsync(() => ApiJson.RunsAsync(serve.Http, $"?fleet={good}&result=no-changes"),
            all => all.Count(r => r!["id"]!.GetValue<long>() > since) >= 3, TimeSpan.FromSeconds(60), all => $"{all.Count} runs of {good}\n{serve.Output}");

        var badRun = badRuns.Last();
        var record = await ApiJson.GetAsync(serve.Http, $"/api/runs/{badRun!["id"]}");
        var text = record.ToJsonString();
        Assert.Contains("scaling/crash.csx:", text, StringComparison.Ordinal);
        Assert.Contains("worker", text, StringComparison.Ordinal);
        Assert.Equal("ok\n", await serve.Http.GetStringAsync("/healthz"));
        Assert.False(System.Diagnostics.Process.GetProcessById(serve.Pid).HasExited);
    }
}
