using System.Runtime.Loader;
using GitOpsFleet.Scripting.Execution;
using GitOpsFleet.Scripting.Globals;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Compilation;

public sealed class ScriptCacheTests
{
    [Fact]
    public async Task TwoThousandScripts_KeepMemoryBounded()
    {
        const int capacity = 32;
        // The cache lives in each worker process; this measures it in-process, where its memory can be read.
        using var runner = new ScriptRunner(new ScalingScriptOptions { CacheCapacity = capacity }, threads: 1);
        var pool = new PoolView(TestPools.Pool(min: 1, max: 100));
        long baseline = 0;
        for (var i = 0; i < 2000; i++)
        {
            var source = $"var step = {i};\nreturn Current + step % 3;";
            var (compiled, _) = await runner.CompileAsync(source, CancellationToken.None);
            Assert.Null(compiled.Failure);
            if (i % 10 == 0)
            {
                var result = await runner.RunAsync(compiled, pool, 3, DateTimeOffset.UnixEpoch, new StaticMetricsSource(), CancellationToken.None);
                Assert.Equal(3 + i % 3, result.Wanted);
            }
            if (i == 200) baseline = SettledMemory();
        }

        var after = SettledMemory();
        var loaded = AssemblyLoadContext.All.Count(c => c.Name?.StartsWith("gitopsfleet-script-", StringComparison.Ordinal) == true);
        Assert.True(runner.CachedScripts <= capacity);
        // Unloading completes over a few collections; a leak would hold all 2,000.
        Assert.True(loaded <= capacity * 2, $"{loaded} script load contexts still alive");
        Assert.True(after - baseline < 64L * 1024 * 1024, $"managed memory grew by {(after - baseline) / 1024 / 1024} MiB over 1,800 scripts");
    }

    [Fact]
    public async Task ChangedScript_IsCompiledAgain_AndTheOldOneUnloads()
    {
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { CacheCapacity = 1, Workers = 1 }, new FakeTimeProvider());
        var first = await engine.EvaluateAsync(TestPools.Request("return 2;"), CancellationToken.None);
        var second = await engine.EvaluateAsync(TestPools.Request("return 5;"), CancellationToken.None);
        var again = await engine.EvaluateAsync(TestPools.Request("return 2;"), CancellationToken.None);

        Assert.Equal((2, 5, 2), (first.Replicas, second.Replicas, again.Replicas));
        Assert.False(again.CacheHit); // evicted from the worker's cache by the change, compiled again
    }

    private static long SettledMemory()
    {
        for (var i = 0; i < 5; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
