namespace GitOpsFleet.Scripting.Tests.Compilation;

public sealed class ScriptDiskCacheTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gof-scripts-" + Guid.NewGuid().ToString("N")[..8]);

    private ScalingScriptEngine NewEngine() => new(new ScalingScriptOptions { CompiledCacheDirectory = _dir }, TimeProvider.System);

    [Fact]
    public async Task CompiledScript_IsReusedByANewEngine_WithoutCompilingAgain()
    {
        const string source = "return Current + 2;";
        using (var first = NewEngine())
        {
            var result = await first.EvaluateAsync(TestPools.Request(source, 3, 1, 10, null), CancellationToken.None);
            Assert.False(result.CacheHit);
            Assert.Equal(5, result.Replicas);
        }
        Assert.Single(Directory.GetFiles(_dir, "*.entry"));

        using var second = NewEngine();
        var again = await second.EvaluateAsync(TestPools.Request(source, 4, 1, 10, null), CancellationToken.None);
        Assert.True(again.CacheHit);
        Assert.Equal(6, again.Replicas);
    }

    [Fact]
    public async Task RefusedScript_IsNeverStored_AndStaysRefused()
    {
        const string source = "return System.IO.File.ReadAllText(\"/etc/hostname\").Length;";
        using (var first = NewEngine())
        {
            var result = await first.EvaluateAsync(TestPools.Request(source, 3, 1, 10, null), CancellationToken.None);
            Assert.Equal(ScalingOutcome.Refused, result.Outcome);
        }
        Assert.Empty(Directory.Exists(_dir) ? Directory.GetFiles(_dir, "*.entry") : []);
        using var second = NewEngine();
        Assert.Equal(ScalingOutcome.Refused, (await second.EvaluateAsync(TestPools.Request(source, 3, 1, 10, null), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task DamagedEntry_IsIgnored_AndTheScriptCompiledAgain()
    {
        const string source = "return 7;";
        using (var first = NewEngine()) await first.EvaluateAsync(TestPools.Request(source, 3, 1, 10, null), CancellationToken.None);
        foreach (var dll in Directory.GetFiles(_dir, "*.dll")) File.WriteAllText(dll, "not an assembly");
        using var second = NewEngine();
        var result = await second.EvaluateAsync(TestPools.Request(source, 3, 1, 10, null), CancellationToken.None);
        Assert.Equal(7, result.Replicas);
        Assert.False(result.CacheHit);
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }
}
