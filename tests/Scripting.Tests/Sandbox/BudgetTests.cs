using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Sandbox;

public sealed class BudgetTests(BudgetEngineFixture fixture) : IClassFixture<BudgetEngineFixture>
{
    private readonly ScalingScriptEngine _engine = fixture.Engine;
    private readonly ScalingScriptEngine _memoryEngine = fixture.MemoryEngine;

    private async Task<(ScalingEvaluation Result, TimeSpan Elapsed)> Run(string source, int current = 3, ScalingScriptEngine? engine = null)
    {
        engine ??= _engine;
        // Compile first so the elapsed time measured below is the run alone.
        Assert.Empty(await engine.CheckAsync("hostile.csx", source, CancellationToken.None));
        var watch = Stopwatch.StartNew();
        var result = await engine.EvaluateAsync(TestPools.Request(source, current, path: "hostile.csx"), CancellationToken.None);
        return (result, watch.Elapsed);
    }

    private static void AssertStopped((ScalingEvaluation Result, TimeSpan Elapsed) run, string reason, int line, int current = 3)
    {
        EvaluationAssert.Outcome(ScalingOutcome.BudgetExceeded, run.Result);
        Assert.Equal(current, run.Result.Replicas);
        var diagnostic = Assert.Single(run.Result.Diagnostics);
        Assert.StartsWith($"hostile.csx:{line}: ", diagnostic);
        Assert.Contains(reason, diagnostic);
        // The meter inside the script stops it at its budget; the bound is the round trip through a worker on a loaded machine.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {run.Elapsed}");
    }

    [Theory]
    [InlineData("var i = 0;\nwhile (true) { i++; }\nreturn i;", 2)]
    [InlineData("var i = 0;\nfor (;;) i++;", 2)]
    [InlineData("var i = 0;\ndo { i++; } while (i >= 0 || true);\nreturn 1;", 2)]
    [InlineData("var n = 0;\nagain: n++;\ngoto again;", 3)]
    [InlineData("var xs = new List<int> { 1 };\nforeach (var x in xs.ToList()) { while (xs.Count > 0) { xs.Add(1); xs.RemoveAt(0); } }\nreturn 1;", 2)]
    [InlineData("int Spin(int n) => n < 0 ? n : Spin2(n);\nint Spin2(int n) { while (n >= 0) n = (n + 1) % 7; return n; }\nreturn Spin(1);", 2)]
    [InlineData("var sum = Enumerable.Range(0, 1_000_000).Select(i =>\n  Enumerable.Range(0, 1_000_000).Count(j => j % 3 == 0)).Sum();\nreturn sum;", 2)]
    public async Task InfiniteLoop_IsStoppedByCpuBudget(string source, int line)
    {
        AssertStopped(await Run(source), "CPU budget of 200 ms exceeded", line);
    }

    [Theory]
    [InlineData("var all = new List<int[]>();\nwhile (true) all.Add(new int[100_000]);", 2)]
    [InlineData("var s = \"x\";\nwhile (true) s += s;", 2)]
    [InlineData("var big = new long[500_000_000];\nreturn big.Length;", 1)]
    [InlineData("var list = new List<int>(400_000_000);\nreturn 1;", 1)]
    [InlineData("var s = new string('x', 900_000_000);\nreturn s.Length;", 1)]
    [InlineData("var all = Enumerable.Repeat(1, 300_000_000).ToArray();\nreturn all.Length;", 1)]
    public async Task UnboundedAllocation_IsStoppedByMemoryBudget(string source, int line)
    {
        var before = GC.GetTotalMemory(false);
        AssertStopped(await Run(source, engine: _memoryEngine), "memory budget of 64 MiB exceeded", line);
        Assert.True(GC.GetTotalMemory(true) - before < 256L * 1024 * 1024);
    }

    [Theory]
    [InlineData("int F(int n) => F(n + 1) + 1;\nreturn F(0);", 1)]
    [InlineData("int F(int n) { return G(n) + 1; }\nint G(int n) { return F(n) + 1; }\nreturn F(0);", 1)]
    [InlineData("Func<int, int> f = null;\nf = n => f(n + 1) + 1;\nreturn f(0);", 2)]
    [InlineData("class R { public int P => new R().P + 1; }\nreturn new R().P;", 1)]
    [InlineData("class R { public R(int n) { var r = new R(n + 1); } }\nvar r = new R(0);\nreturn 1;", 1)]
    [InlineData("class R { public override string ToString() => \"x\" + this.ToString(); }\nreturn new R().ToString().Length;", 1)]
    [InlineData("var xs = new List<int> { 1 };\nint Deep(int n) => xs.Select(x => Deep(n + 1)).Sum();\nreturn Deep(0);", 2)]
    public async Task UnboundedRecursion_IsStoppedBeforeTheStackEnds(string source, int line)
    {
        AssertStopped(await Run(source), "call depth budget of 256 exceeded", line);
    }

    [Fact]
    public async Task LazyOperatorChain_DoesNotOverflowTheStack()
    {
        // Each Where adds one library frame per element pulled, with no script frame in between to check the depth.
        var source = "IEnumerable<int> e = new[] { 1, 2, 3 };\nfor (var i = 0; i < 200_000; i++) e = e.Skip(0).Distinct();\nreturn e.Count();";
        var run = await Run(source);
        Assert.True(run.Result.Outcome is ScalingOutcome.Succeeded or ScalingOutcome.BudgetExceeded, string.Join(" | ", run.Result.Diagnostics));
    }

    [Theory]
    [InlineData("while (true) { try { while (true) { } } catch { } }")]
    [InlineData("while (true) { try { while (true) { } } catch (Exception) { } }")]
    [InlineData("while (true) { try { while (true) { } } catch (Exception e) when (e != null) { } }")]
    [InlineData("while (true) { try { while (true) { } } finally { } }")]
    [InlineData("int F() { try { return F(); } catch { return F(); } }\nreturn F();")]
    [InlineData("while (true) { try { var x = new int[100_000_000]; } catch (Exception) { } }")]
    public async Task CatchAll_DoesNotSwallowTheBudget(string source)
    {
        var run = await Run(source);
        EvaluationAssert.Outcome(ScalingOutcome.BudgetExceeded, run.Result);
        // The meter inside the script stops it at its budget; the bound is the round trip through a worker on a loaded machine.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(10), $"stopped after {run.Elapsed}");
    }

    [Fact]
    public async Task Budget_IsPerEvaluation_AndTheEngineGoesOn()
    {
        await Run("while (true) { }");
        var after = await _engine.EvaluateAsync(TestPools.Request("var s = 0;\nfor (var i = 0; i < 1000; i++) s += i;\nreturn s > 0 ? 4 : 1;"), CancellationToken.None);
        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, after);
        Assert.Equal(4, after.Replicas);
    }

    [Fact]
    public async Task Cancellation_StopsARunningScript()
    {
        using var cts = new CancellationTokenSource();
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { CpuBudget = TimeSpan.FromMinutes(5) }, TimeProvider.System);
        var watch = Stopwatch.StartNew();
        var run = engine.EvaluateAsync(TestPools.Request("while (true) { }"), cts.Token);
        cts.CancelAfter(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
    }
}
