using System.Diagnostics;
using System.Globalization;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;

namespace GitOpsFleet.Bench.Service;

/// <summary>
/// One replica keeping 200 fleets of 10 pools each on a 1-minute interval: every scheduled run fetches its
/// repository, loads and validates 10 pool files, observes (stub), plans and records to SQLite. Reports the
/// scheduler lag (scheduled fire time to run start, exact per run and as /metrics' histogram) and the
/// process' memory, sampled every second.
/// </summary>
internal static class FleetsAtScaleScenario
{
    public static async Task<int> RunAsync(int fleets, TimeSpan duration, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{fleets} fleets × 10 pools × 3 nodes, interval 1m, for {duration.TotalMinutes:0.#} min; {Environment.ProcessorCount} cores; " +
            $"GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}; load average before: {Percentiles.LoadAverage()}");
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var build = Stopwatch.StartNew();
        await using var svc = await BenchService.StartAsync(fleets, pools: 10, nodesPerPool: 3, interval: "1m", o => o.DefaultInterval = TimeSpan.FromMinutes(1), cancellationToken);
        build.Stop();
        Console.WriteLine($"{fleets} repositories generated and the service started in {build.Elapsed.TotalSeconds:0.0} s");

        var lags = new List<(double At, double Lag)>();
        var clock = Stopwatch.StartNew();
        svc.Coordinator.RunStarted += (_, request) =>
        {
            if (request.ScheduledAt is not { } scheduled) return;
            var lag = Math.Max(0, (DateTimeOffset.UtcNow - scheduled).TotalSeconds);
            lock (lags) lags.Add((clock.Elapsed.TotalSeconds, lag));
        };

        var results = new Dictionary<string, int>(StringComparer.Ordinal);
        var recorded = 0;
        var reused = 0;
        // Wall time per step over every run, to see where a run's time goes (steps taken from a settled run count 0).
        var stepMs = new Dictionary<string, (double Total, int Count)>(StringComparer.Ordinal);
        svc.Coordinator.RunRecorded += (_, run) =>
        {
            lock (results)
            {
                results[run.Result] = results.GetValueOrDefault(run.Result) + 1;
                foreach (var step in RunSteps.Read(run.Document))
                {
                    var (total, count) = stepMs.GetValueOrDefault(step.Name);
                    stepMs[step.Name] = (total + step.DurationMs, count + 1);
                }
            }
            if (run.Document["reusedFrom"] is not null) Interlocked.Increment(ref reused);
            Interlocked.Increment(ref recorded);
        };
        // Every fleet's first run falls in the first minute; the runs after it are the unchanged ones, whose
        // cost is what a steady service pays: CPU per run is read over that window only.
        TimeSpan? steadyCpu = null;
        var steadyRuns = 0;

        long maxRss = 0, maxHeap = 0;
        var rssSamples = new List<double>();
        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            process.Refresh();
            maxRss = Math.Max(maxRss, process.WorkingSet64);
            maxHeap = Math.Max(maxHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
            rssSamples.Add(process.WorkingSet64);
            if (steadyCpu is null && clock.Elapsed >= TimeSpan.FromSeconds(60))
            {
                steadyCpu = process.TotalProcessorTime;
                steadyRuns = Volatile.Read(ref recorded);
            }
            if ((int)clock.Elapsed.TotalSeconds % 30 == 0)
            {
                int n;
                lock (lags) n = lags.Count;
                Console.WriteLine($"  {clock.Elapsed.TotalSeconds,4:0} s: {n} scheduled runs started, RSS {process.WorkingSet64 / 1048576.0:0} MiB, load {Percentiles.LoadAverage()}");
            }
        }
        var wall = clock.Elapsed + build.Elapsed;
        var cpu = process.TotalProcessorTime - cpuBefore;
        var runsAfter = Volatile.Read(ref recorded) - steadyRuns;
        var cpuAfter = steadyCpu is { } at ? process.TotalProcessorTime - at : TimeSpan.Zero;

        List<(double At, double Lag)> all;
        lock (lags) all = [.. lags];
        var steady = all.Where(l => l.At >= 60).Select(l => l.Lag).ToList();
        var metricsText = await svc.Http.GetStringAsync("/metrics", cancellationToken);
        var count = metricsText.Split('\n').FirstOrDefault(l => l.StartsWith("gitopsfleet_scheduler_lag_seconds_count", StringComparison.Ordinal)) ?? "(missing)";

        Console.WriteLine($"scheduler lag, every scheduled run:  {Percentiles.Describe(all.Select(l => l.Lag), "s", 1)}");
        Console.WriteLine($"scheduler lag, after the first 60 s: {Percentiles.Describe(steady, "s", 1)}");
        Console.WriteLine($"/metrics {count}; histogram p99≈{svc.Metrics.SchedulerLag.Quantile(0.99).ToString("0.###", CultureInfo.InvariantCulture)} s");
        lock (results)
        {
            Console.WriteLine($"runs by result: {string.Join(", ", results.Select(p => $"{p.Key}={p.Value}"))}; reused the last settled run: {reused}; provider applies: {svc.Provider.Applies}");
            Console.WriteLine($"mean wall time per step: {string.Join(", ", stepMs.Select(p => $"{p.Key} {p.Value.Total / p.Value.Count:0.00} ms"))}");
        }
        Console.WriteLine($"memory: max RSS {maxRss / 1048576.0:0} MiB, median RSS {Percentiles.Of(rssSamples.Order().ToList(), 50) / 1048576.0:0} MiB, max GC heap {maxHeap / 1048576.0:0} MiB");
        Console.WriteLine($"CPU: {cpu.TotalSeconds:0} s over {wall.TotalSeconds:0} s wall = {cpu.TotalSeconds / wall.TotalSeconds:0.00} cores on average");
        Console.WriteLine(runsAfter > 0
            ? $"CPU per run after the first 60 s: {cpuAfter.TotalMilliseconds / runsAfter:0.0} ms ({cpuAfter.TotalSeconds:0.0} s for {runsAfter} runs)"
            : "CPU per run after the first 60 s: no runs (run the scenario for more than a minute)");
        Console.WriteLine($"load average after: {Percentiles.LoadAverage()}");
        var p99 = Percentiles.Of(all.Select(l => l.Lag).Order().ToList(), 99);
        var pass = p99 < 1.0 && maxRss < 500L * 1048576;
        Console.WriteLine(pass ? "PASS: scheduler lag p99 < 1 s and RSS < 500 MiB" : "FAIL: scheduler lag p99 >= 1 s or RSS >= 500 MiB");
        return pass ? 0 : 1;
    }
}
