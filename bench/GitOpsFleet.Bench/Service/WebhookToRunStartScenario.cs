using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Webhooks;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Bench.Service;

/// <summary>
/// A signed GitHub push over loopback HTTP to the moment the coordinator starts its run (the pipeline is about
/// to fetch), timed on one clock in one process. One delivery at a time, each run finished before the next
/// delivery, so every sample is a start and none folds into a run in progress.
/// </summary>
internal static class WebhookToRunStartScenario
{
    public static async Task<int> RunAsync(int samples, CancellationToken cancellationToken)
    {
        const int fleets = 20;
        Console.WriteLine($"webhook → run start: {fleets} fleets of 10 pools, {samples} signed GitHub pushes; load average before: {Percentiles.LoadAverage()}");
        await using var svc = await BenchService.StartAsync(fleets, pools: 10, nodesPerPool: 3, interval: "1h", o => o.MaxConcurrentRuns = 4, cancellationToken);
        var started = new ConcurrentDictionary<string, TaskCompletionSource<long>>();
        var recorded = new ConcurrentDictionary<string, TaskCompletionSource<RunRecord>>();
        svc.Coordinator.RunStarted += (fleet, request) =>
        {
            if (request.Trigger.StartsWith("webhook", StringComparison.Ordinal) && started.TryGetValue(fleet, out var s)) s.TrySetResult(Stopwatch.GetTimestamp());
        };
        var finished = 0;
        svc.Coordinator.RunRecorded += (fleet, run) =>
        {
            Interlocked.Increment(ref finished);
            if (recorded.TryGetValue(fleet, out var r)) r.TrySetResult(run);
        };

        // Every fleet's first (scheduled) run: clones made, code paths warm.
        var first = Stopwatch.StartNew();
        while (Volatile.Read(ref finished) < fleets)
        {
            if (first.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException("first runs did not finish");
            await Task.Delay(100, cancellationToken);
        }
        Console.WriteLine($"first runs of {fleets} fleets done in {first.Elapsed.TotalSeconds:0.0} s");

        var toStart = new List<double>();
        var toResponse = new List<double>();
        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        const int warmup = 20;
        for (var i = 0; i < samples + warmup; i++)
        {
            var fleet = svc.Fleets[i % fleets];
            var s = started[fleet] = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var r = recorded[fleet] = new TaskCompletionSource<RunRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            var body = Encoding.UTF8.GetBytes($$$"""{"ref":"refs/heads/main","after":"{{{i:x40}}}","repository":{"clone_url":"{{{svc.RepositoryOf(fleet)}}}","full_name":"ops/{{{fleet}}}"}}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-GitHub-Event", "push");
            request.Headers.Add("X-Hub-Signature-256", WebhookSignature.GitHubHeader(BenchService.Secret, body));
            var sent = Stopwatch.GetTimestamp();
            using var response = await svc.Http.SendAsync(request, cancellationToken);
            var answered = Stopwatch.GetTimestamp();
            if ((int)response.StatusCode != 202) throw new InvalidOperationException($"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            var startedAt = await s.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            var run = await r.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
            if (i < warmup) continue;
            toStart.Add(Stopwatch.GetElapsedTime(sent, startedAt).TotalSeconds);
            toResponse.Add(Stopwatch.GetElapsedTime(sent, answered).TotalSeconds);
            results[run.Result] = results.GetValueOrDefault(run.Result) + 1;
        }

        Console.WriteLine($"send → run start (client clock): {Percentiles.Describe(toStart, "ms", 1000)}");
        Console.WriteLine($"send → 202 response:            {Percentiles.Describe(toResponse, "ms", 1000)}");
        Console.WriteLine($"gitopsfleet_webhook_to_run_start_seconds (arrival → start, from buckets): p50≈{svc.Metrics.WebhookToStart.Quantile(0.5) * 1000:0.0} ms p99≈{svc.Metrics.WebhookToStart.Quantile(0.99) * 1000:0.0} ms");
        Console.WriteLine($"run results: {string.Join(", ", results.Select(p => $"{p.Key}={p.Value}"))}; provider applies: {svc.Provider.Applies}");
        Console.WriteLine($"load average after: {Percentiles.LoadAverage()}");
        var median = Percentiles.Of(toStart.Order().ToList(), 50);
        Console.WriteLine(median < 0.1 ? "PASS: median < 100 ms" : "FAIL: median >= 100 ms");
        return median < 0.1 ? 0 : 1;
    }
}
