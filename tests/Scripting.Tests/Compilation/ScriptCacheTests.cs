using System.Runtime.Loader;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Compilation;

public sealed class ScriptCacheTests
{
    [Fact]
    public async Task TwoThousandScripts_KeepMemoryBounded()
    {
        const int capacity = 32;
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { CacheCapacity = capacity, Workers = 1 }, new FakeTimeProvider());
        long baseline = 0;
        for (var i = 0; i < 2000; i++)
        {
            var source = $"var step = {i};\nreturn Current + step % 3;";
            if (i % 10 == 0)
            {
                var result = await engine.EvaluateAsync(TestPools.Request(source, current: 3, max: 100), CancellationToken.None);
                Assert.Equal(3 + i % 3, result.Replicas);
            }
            else
            {
                Assert.Empty(engine.Check("s.csx", source));
            }
            if (i == 200) baseline = SettledMemory();
        }

        var after = SettledMemory();
        var loaded = AssemblyLoadContext.All.Count(c => c.Name?.StartsWith("gitopsfleet-script-", StringComparison.Ordinal) == true);
        Assert.True(engine.CachedScripts <= capacity);
        // Unloading completes over a few collections; a leak would hold all 2,000.
        Assert.True(loaded <= capacity * 2, $"{loaded} script load contexts still alive");
        Assert.True(after - baseline < 64L * 1024 * 1024, $"managed memory grew by {(after - baseline) / 1024 / 1024} MiB over 1,800 scripts");
    }

    [Fact]
    public async Task ChangedScript_IsCompiledAgain_AndTheOldOneUnloads()
    {
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { CacheCapacity = 1 }, new FakeTimeProvider());
        var first = await engine.EvaluateAsync(TestPools.Request("return 2;"), CancellationToken.None);
        var second = await engine.EvaluateAsync(TestPools.Request("return 5;"), CancellationToken.None);
        var again = await engine.EvaluateAsync(TestPools.Request("return 2;"), CancellationToken.None);

        Assert.Equal((2, 5, 2), (first.Replicas, second.Replicas, again.Replicas));
        Assert.False(again.CacheHit); // evicted by the change, compiled again
        Assert.Equal(1, engine.CachedScripts);
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
