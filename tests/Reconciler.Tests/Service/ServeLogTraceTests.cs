using System.Text.Json;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// The real `serve` with JSON logs and an OTLP endpoint set: each line a run writes carries the run's trace and span ids,
/// so a log search finds the trace of the run it is looking at. The endpoint does not answer; the export failing costs
/// the run nothing.
/// </summary>
public sealed class ServeLogTraceTests
{
    [Fact]
    public async Task JsonLogLinesOfARun_CarryItsTraceId_AndTwoRunsHaveTwoTraces()
    {
        using var temp = new TempDirectory("logtrace");
        var fleet = TestFleet.NewName();
        TestFleet.Create(temp.Combine(fleet), fleet, replicas: 0);
        File.WriteAllText(temp.Combine("fleets.yaml"), $"fleets:\n  - name: {fleet}\n    repository: {temp.Combine(fleet)}\n");
        await using var serve = await ServeProcess.StartAsync(temp.Combine("home"), new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{ServeProcess.FreePort()}",
        }, "--config", temp.Combine("fleets.yaml"), "--log-format", "json", "--interval", "1s");

        // Step lines (event ids 7020-7028) of at least two runs.
        var steps = await Eventually.ValueAsync(() => Task.FromResult(StepLines(serve.Output)), lines => lines.Select(l => l.Trace).Distinct().Count(t => t is not null) >= 2,
            TimeSpan.FromSeconds(60), _ => serve.Output);

        Assert.All(steps, l => Assert.Matches("^[0-9a-f]{32}$", l.Trace ?? "(no trace id)"));
        Assert.All(steps, l => Assert.Matches("^[0-9a-f]{16}$", l.Span ?? "(no span id)"));
        // One run's fetch and load lines are in one trace; the next run's in another.
        var byTrace = steps.GroupBy(l => l.Trace).ToList();
        Assert.Contains(byTrace, g => g.Any(l => l.EventId == 7020) && g.Any(l => l.EventId == 7021));
        Assert.True(byTrace.Count >= 2);
    }

    private sealed record Line(int EventId, string? Trace, string? Span);

    private static List<Line> StepLines(string output)
    {
        var lines = new List<Line>();
        foreach (var text in output.Split('\n'))
        {
            if (!text.StartsWith('{')) continue;
            using var doc = JsonDocument.Parse(text);
            var id = doc.RootElement.GetProperty("EventId").GetInt32();
            if (id is < 7020 or > 7028) continue;
            string? trace = null, span = null;
            if (doc.RootElement.TryGetProperty("Scopes", out var scopes))
            {
                foreach (var scope in scopes.EnumerateArray())
                {
                    if (scope.ValueKind != JsonValueKind.Object) continue;
                    if (scope.TryGetProperty("TraceId", out var t)) trace = t.GetString();
                    if (scope.TryGetProperty("SpanId", out var s)) span = s.GetString();
                }
            }
            lines.Add(new Line(id, trace, span));
        }
        return lines;
    }
}
