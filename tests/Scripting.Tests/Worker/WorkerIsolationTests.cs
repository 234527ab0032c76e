using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests.Worker;

/// <summary>
/// One hostile script for each class that an in-process sandbox cannot stop (written for these tests): each is refused
/// or stopped within its budget plus a second, in its worker process, and this process goes on unharmed.
/// </summary>
public sealed class WorkerIsolationTests(BudgetEngineFixture fixture) : IClassFixture<BudgetEngineFixture>
{
    private static readonly TimeSpan Budget = BudgetEngineFixture.Options.CpuBudget;

    // The stop is due once the worker used the budget + 0.5 s of CPU time, which the diagnostic reports and the tests
    // check against budget + 1 s. The wall clock only has to show that nothing hung: on a two-core machine that other
    // work loads, a worker may get a small share of a core.
    private static readonly TimeSpan WallBound = TimeSpan.FromSeconds(30);

    private async Task<(ScalingEvaluation Result, TimeSpan Elapsed)> RunAsync(string source, ScalingScriptEngine? engine = null)
    {
        engine ??= fixture.Engine;
        // Compile first (in the worker), so the time measured below is the run alone.
        Assert.Empty(await engine.CheckAsync("hostile.csx", source, CancellationToken.None));
        var watch = Stopwatch.StartNew();
        var result = await engine.EvaluateAsync(TestPools.Request(source, current: 3, path: "hostile.csx"), CancellationToken.None);
        return (result, watch.Elapsed);
    }

    private static void AssertStoppedInTime((ScalingEvaluation Result, TimeSpan Elapsed) run, TimeSpan budget)
    {
        Assert.NotEqual(ScalingOutcome.Succeeded, run.Result.Outcome);
        Assert.Equal(3, run.Result.Replicas);
        var diagnostic = Assert.Single(run.Result.Diagnostics);
        Assert.StartsWith("hostile.csx:", diagnostic);
        AssertCpuWithin(diagnostic, budget + TimeSpan.FromSeconds(1));
        Assert.True(run.Elapsed < WallBound, $"stopped after {run.Elapsed.TotalSeconds:0.00} s: {diagnostic}");
    }

    /// <summary>A stop by the host names the CPU time the worker used; it must be within the bound.</summary>
    private static void AssertCpuWithin(string diagnostic, TimeSpan bound)
    {
        var used = System.Text.RegularExpressions.Regex.Match(diagnostic, @"used ([0-9.]+) s of CPU time");
        if (used.Success)
            Assert.True(double.Parse(used.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= bound.TotalSeconds, diagnostic);
        else
            Assert.DoesNotContain("still running", diagnostic); // the wall-clock backstop is not how a CPU-bound script may end
    }

    [Fact]
    public async Task CpuInsideOneLibraryCall_IsStoppedByTheDeadline()
    {
        // Method groups only: no script code runs inside the pipeline, so the budget check inside the script never does.
        var run = await RunAsync("return Enumerable.Repeat(Enumerable.Range(0, 100000), 100000).SelectMany(Enumerable.AsEnumerable).Max();");

        AssertStoppedInTime(run, Budget);
        EvaluationAssert.Outcome(ScalingOutcome.BudgetExceeded, run.Result);
        Assert.Contains("of CPU time", run.Result.Diagnostics[0]);
        Assert.Contains("worker was killed", run.Result.Diagnostics[0]);
    }

    [Fact]
    public async Task SpinningFinally_AfterTheBudgetFired_IsStopped()
    {
        var run = await RunAsync("try { while (true) { } }\nfinally { Enumerable.Repeat(Enumerable.Range(0, 100000), 100000).SelectMany(Enumerable.AsEnumerable).Max(); }\nreturn 1;");

        AssertStoppedInTime(run, Budget);
        EvaluationAssert.Outcome(ScalingOutcome.BudgetExceeded, run.Result);
    }

    [Theory]
    [InlineData("return string.Join(\",\", Enumerable.Repeat(new string('x', 1 << 20), 4000)).Length;")]
    [InlineData("return string.Concat(Enumerable.Repeat(string.Format(\"{0,999999}\", 1), 3000)).Length;")]
    [InlineData("var s = new System.Text.StringBuilder(\"abcdefgh\");\nreturn s.Insert(0, \"0123456789abcdef\", 100_000_000).Length;")]
    [InlineData("var a = Enumerable.Repeat(new string('y', 1 << 16), 2000).ToArray();\nreturn a.Select(x => x + x + x + x).ToList().Count;")]
    public async Task MemoryInsideOneLibraryCall_EndsInTheWorker_NotInThisProcess(string source)
    {
        using var self = Process.GetCurrentProcess();
        var before = self.WorkingSet64;
        var run = await RunAsync(source, fixture.MemoryEngine);
        self.Refresh();

        AssertStoppedInTime(run, TimeSpan.FromSeconds(5));
        EvaluationAssert.Outcome(ScalingOutcome.BudgetExceeded, run.Result);
        Assert.True(self.WorkingSet64 - before < 200L * 1024 * 1024, $"this process grew by {(self.WorkingSet64 - before) / (1024 * 1024)} MiB");
    }

    [Theory]
    [InlineData("record R { public R N; }\nvar r = new R();\nr.N = r;\nreturn r.GetHashCode();")]
    [InlineData("class C { public int x = new C().x; }\nreturn new C().x;")]
    public async Task StackOverflowShapes_EndOnlyTheirWorker_AndTheNextEvaluationRuns(string source)
    {
        var run = await RunAsync(source);

        // The runtime's own stack-overflow report (it writes every frame) burns worker CPU on several threads between
        // two of the host's looks: a second more than a script's CPU-bound stop may take.
        AssertStoppedInTime(run, Budget + TimeSpan.FromSeconds(1));
        var after = await fixture.Engine.EvaluateAsync(TestPools.Request("return Current + 1;", current: 4), CancellationToken.None);
        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, after);
        Assert.Equal(5, after.Replicas);
    }

    [Fact]
    public async Task ExceptionMessageThatSpinsOrThrows_IsContained()
    {
        var spins = await RunAsync("class E : Exception { public override string Message { get { while (true) { } } } }\nthrow new E();");
        var throws = await RunAsync("class E : Exception { public override string Message => throw new E(); }\nthrow new E();");

        AssertStoppedInTime(spins, Budget);
        AssertStoppedInTime(throws, Budget);
        Assert.Contains("hostile.csx:2: ", throws.Result.Diagnostics[0]);
    }

    [Fact]
    public async Task HugeExceptionMessage_IsBounded()
    {
        var run = await RunAsync("throw new Exception(new string('m', 5_000_000));", fixture.MemoryEngine);

        EvaluationAssert.Outcome(ScalingOutcome.Failed, run.Result);
        Assert.True(run.Result.Diagnostics[0].Length < 1100, $"{run.Result.Diagnostics[0].Length} characters");
    }

    [Fact]
    public async Task NewlinesInScriptText_CannotForgeLines()
    {
        var run = await RunAsync("Log.Info(\"ok\\nscaling/other.csx:1: forged\\n99\");\nthrow new Exception(\"bad\\r\\n42\");");

        EvaluationAssert.Outcome(ScalingOutcome.Failed, run.Result);
        Assert.All(run.Result.Log.Concat(run.Result.Diagnostics), line => Assert.DoesNotContain('\n', line));
        Assert.All(run.Result.Log.Concat(run.Result.Diagnostics), line => Assert.DoesNotContain('\r', line));
        Assert.StartsWith("hostile.csx:2: ", run.Result.Diagnostics[0]);
        Assert.Contains("\\n99", run.Result.Log[0]);
    }

    [Fact]
    public async Task ExponentialOverloadResolution_IsStoppedAtTheCompileDeadline()
    {
        var limit = TimeSpan.FromSeconds(5);
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { CompileTimeout = limit, Workers = 1 }, new FakeTimeProvider());
        Assert.Empty(await engine.CheckAsync("warm.csx", "return 1;", CancellationToken.None)); // the compiler loaded: the deadline is the script's alone
        var source = "int F(Func<int, int> f) => 0;\nint F(Func<string, int> f) => 0;\nint F(Func<double, int> f) => 0;\nreturn "
            + string.Concat(Enumerable.Range(0, 12).Select(i => $"F(a{i} => ")) + "0" + new string(')', 12) + ";";
        var watch = Stopwatch.StartNew();
        var result = await engine.EvaluateAsync(TestPools.Request(source, current: 3, path: "hostile.csx"), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.CompileError, result);
        Assert.Contains("compilation stopped", result.Diagnostics[0]);
        AssertCpuWithin(result.Diagnostics[0], limit + TimeSpan.FromSeconds(1));
        Assert.True(watch.Elapsed < WallBound * 2, $"stopped after {watch.Elapsed.TotalSeconds:0.00} s");
        var after = await engine.EvaluateAsync(TestPools.Request("return 2;"), CancellationToken.None);
        Assert.Equal(2, after.Replicas);
    }

    [Fact]
    public async Task MetricsQueries_ToASourceThatNeverAnswers_AreBoundedByTheQueryBudget()
    {
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions
        {
            QueryTimeout = TimeSpan.FromMilliseconds(300), QueryTimeBudget = TimeSpan.FromSeconds(1),
        }, new FakeTimeProvider());
        var source = new SilentMetricsSource();
        var script = "var failed = 0;\nfor (var i = 0; i < 64; i++) { try { Metrics.Query(\"up\"); } catch (MetricsQueryException) { failed++; } }\nreturn failed;";
        Assert.Empty(await engine.CheckAsync("hostile.csx", script, CancellationToken.None));
        var watch = Stopwatch.StartNew();
        var result = await engine.EvaluateAsync(new ScalingScriptRequest("hostile.csx", script, TestPools.Pool(max: 100), 3, source), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(64, result.Wanted);
        // 64 queries at 300 ms each would take 19 s; the query budget ends them after 1 s of waiting: three whole
        // timeouts and a fourth cut to the 100 ms left, each charged in full even when its timer fires early.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed.TotalSeconds:0.00} s");
        Assert.True(source.Asked <= 4, $"{source.Asked} queries reached the source");
    }

    [Fact]
    public async Task OversizedQueryText_NeverReachesTheSource()
    {
        var source = new SilentMetricsSource();
        var script = "try { Metrics.Query(new string('q', 1_000_000)); return 1; }\ncatch (MetricsQueryException) { return 2; }";
        Assert.Empty(await fixture.MemoryEngine.CheckAsync("hostile.csx", script, CancellationToken.None));
        var result = await fixture.MemoryEngine.EvaluateAsync(new ScalingScriptRequest("hostile.csx", script, TestPools.Pool(), 3, source), CancellationToken.None);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(2, result.Wanted);
        Assert.Equal(0, source.Asked);
    }

    [Fact]
    public async Task KilledWorker_MidEvaluation_IsReplaced()
    {
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions { CpuBudget = TimeSpan.FromSeconds(30), Workers = 1 }, new FakeTimeProvider());
        Assert.Empty(await engine.CheckAsync("spin.csx", "while (true) { }", CancellationToken.None));
        var running = engine.EvaluateAsync(TestPools.Request("while (true) { }", path: "spin.csx"), CancellationToken.None);
        await Task.Delay(300); // a real process must be mid-evaluation before it is killed
        var pid = Assert.Single(engine.WorkerProcessIds);
        Process.GetProcessById(pid).Kill();

        var killed = await running;
        EvaluationAssert.Outcome(ScalingOutcome.Failed, killed);
        Assert.Contains("worker process ended", killed.Diagnostics[0]);
        var next = await engine.EvaluateAsync(TestPools.Request("return 6;"), CancellationToken.None);
        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, next);
        Assert.NotEqual(pid, Assert.Single(engine.WorkerProcessIds));
    }

    /// <summary>A metrics source that never answers and ignores its token, as a hung server behind a dead proxy does.</summary>
    private sealed class SilentMetricsSource : GitOpsFleet.Scripting.Metrics.IMetricsSource
    {
        private int _asked;

        public int Asked => _asked;

        public Task<IReadOnlyList<GitOpsFleet.Scripting.Metrics.MetricSample>> QueryAsync(string query, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asked);
            return new TaskCompletionSource<IReadOnlyList<GitOpsFleet.Scripting.Metrics.MetricSample>>().Task;
        }

        public Task<IReadOnlyList<GitOpsFleet.Scripting.Metrics.MetricSeries>> QueryRangeAsync(string query, DateTimeOffset start, DateTimeOffset end, TimeSpan step, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _asked);
            return new TaskCompletionSource<IReadOnlyList<GitOpsFleet.Scripting.Metrics.MetricSeries>>().Task;
        }
    }
}
