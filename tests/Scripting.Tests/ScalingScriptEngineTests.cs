using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests;

public sealed class ScalingScriptEngineTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private readonly ScalingScriptEngine _engine = fixture.Engine;

    private Task<ScalingEvaluation> Run(string source, int current = 3, int min = 1, int max = 10, StaticMetricsSource? metrics = null) =>
        _engine.EvaluateAsync(TestPools.Request(source, current, min, max, metrics), CancellationToken.None);

    [Fact]
    public async Task Evaluate_ReturnsWantedCount_FromGlobals()
    {
        var result = await Run("return Current + Pool.Min + (Pool.Software == \"geth\" ? 1 : 0);", current: 4, min: 2);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(7, result.Wanted);
        Assert.Equal(7, result.Replicas);
        Assert.False(result.Clamped);
    }

    [Fact]
    public async Task Evaluate_TrailingExpression_IsTheResult()
    {
        var result = await Run("var x = Current * 2;\nx + 1");
        Assert.Equal(7, result.Replicas);
    }

    [Theory]
    [InlineData("return 50;", 12, "above replicas.max 12")]
    [InlineData("return -4;", 3, "below replicas.min 3")]
    public async Task Evaluate_OutOfRange_IsClampedAndExplained(string source, int expected, string explanation)
    {
        var result = await Run(source, current: 5, min: 3, max: 12);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(expected, result.Replicas);
        Assert.True(result.Clamped);
        Assert.Contains(explanation, result.ClampExplanation);
    }

    [Fact]
    public async Task Evaluate_CompileError_NamesFileAndLine_AndKeepsCurrent()
    {
        var result = await Run("var a = 1;\nvar b = a +;\nreturn b;", current: 6);

        EvaluationAssert.Outcome(ScalingOutcome.CompileError, result);
        Assert.Equal(6, result.Replicas);
        Assert.Null(result.Wanted);
        Assert.StartsWith("scaling/test.csx:2: CS", result.Diagnostics[0]);
    }

    [Fact]
    public async Task Evaluate_Throw_NamesLine_AndKeepsCurrent()
    {
        var result = await Run("var a = 1;\nif (a == 1)\n  throw new InvalidOperationException(\"no metrics\");\nreturn 3;", current: 6, min: 1, max: 4);

        EvaluationAssert.Outcome(ScalingOutcome.Failed, result);
        Assert.Equal(6, result.Replicas); // kept as it is, even above max: a failed script never moves a pool
        Assert.Equal("scaling/test.csx:3: InvalidOperationException: no metrics", result.Diagnostics.Single());
    }

    [Fact]
    public async Task Evaluate_ThrowInExpressionBodiedMethod_KeepsOriginalLine()
    {
        var source = "int Half(int x) =>\n    x / Zero();\nint Zero() => 0;\n\nreturn Half(Current);";
        var result = await Run(source);

        EvaluationAssert.Outcome(ScalingOutcome.Failed, result);
        Assert.Equal("scaling/test.csx:2: DivideByZeroException: Attempted to divide by zero.", result.Diagnostics.Single());
    }

    [Fact]
    public async Task Evaluate_NoReturn_FailsInsteadOfReturningZero()
    {
        var result = await Run("if (Current > 100) return 1;\nLog.Info(\"nothing\");", current: 4);

        EvaluationAssert.Outcome(ScalingOutcome.Failed, result);
        Assert.Equal(4, result.Replicas);
        Assert.Contains("without returning a replica count", result.Diagnostics.Single());
    }

    [Fact]
    public async Task Evaluate_Log_IsBounded()
    {
        var result = await Run("for (var i = 0; i < 1000; i++) Log.Info(new string('x', 2000));\nreturn 2;");

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(101, result.Log.Count);
        Assert.Equal("(900 more log lines dropped)", result.Log[^1]);
        Assert.True(result.Log[0].Length < 520);
    }

    [Fact]
    public async Task Evaluate_SecondRun_IsCacheHit()
    {
        var first = await Run("return 4;");
        var second = await Run("return 4;");

        Assert.False(first.CacheHit);
        Assert.True(second.CacheHit);
        Assert.Equal(first.ContentHash, second.ContentHash);
    }

    [Fact]
    public async Task Evaluate_RecordsInputsAndQueries()
    {
        var result = await Run("var v = Metrics.Query(\"sum(rate(rpc_requests[2m]))\");\nreturn (int)(v ?? 0);", metrics: new StaticMetricsSource(7.9));

        Assert.Equal(7, result.Replicas);
        var query = Assert.Single(result.Inputs.Queries);
        Assert.Equal("sum(rate(rpc_requests[2m]))", query.Query);
        Assert.Equal(7.9, query.Result);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero), result.Inputs.Now);
    }

    [Fact]
    public async Task Evaluate_MetricsFailure_IsCatchable()
    {
        var source = "try { Metrics.Query(\"fail now\"); return 1; }\ncatch (MetricsQueryException e) { Log.Warn(e.Message); return Current; }";
        var result = await Run(source, current: 5);

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(5, result.Replicas);
        Assert.Contains("bad_data", result.Log.Single());
        Assert.NotNull(result.Inputs.Queries.Single().Error);
    }

    [Fact]
    public async Task Evaluate_UncaughtMetricsFailure_FailsWithLine()
    {
        var result = await Run("var x = 1;\nvar v = Metrics.Query(\"fail now\");\nreturn 1;", current: 5);

        EvaluationAssert.Outcome(ScalingOutcome.Failed, result);
        Assert.StartsWith("scaling/test.csx:2: metrics query failed: bad_data", result.Diagnostics.Single());
    }

    [Fact]
    public async Task Evaluate_LinqAndCollections_AreAllowed()
    {
        var source = """
            using System.Linq;
            using System.Collections.Generic;
            var nodes = Metrics.QueryAll("rpc_requests");
            var busy = nodes.Where(n => n.Value > 10).Select(n => n.Label("instance")).OrderBy(s => s).ToList();
            var byName = new Dictionary<string, double>();
            foreach (var n in nodes) byName[n.Label("instance")] = n.Value;
            var (a, b) = (busy.Count, byName.Count);
            var text = $"busy {a} of {b} at {Now:HH:mm}";
            Log.Info(text);
            return a + (int)Math.Round(nodes.Average(n => n.Value) / 10.0);
            """;
        var result = await Run(source, metrics: new StaticMetricsSource(5, 15, 40));

        EvaluationAssert.Outcome(ScalingOutcome.Succeeded, result);
        Assert.Equal(2 + 2, result.Wanted);
        Assert.Equal("info: busy 2 of 3 at 12:00", result.Log.Single());
    }
}
