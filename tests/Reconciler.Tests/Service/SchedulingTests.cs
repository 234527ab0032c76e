using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.Service.Webhooks;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Scheduling, coalescing and backoff on the real host and Quartz, with runs recorded by a stand-in executor.</summary>
public sealed class SchedulingTests
{
    [Fact]
    public async Task BurstOfPushes_WhileARunIsInProgress_FoldsIntoOneFollowUpRun()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        await using var svc = await InProcessService.StartAsync(["alpha"], async (_, ct) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstStarted.TrySetResult();
                await release.Task.WaitAsync(ct);
            }
            return RunResults.Succeeded;
        }, o => o.IntervalOverride = TimeSpan.FromHours(1));
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var statuses = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var body = Encoding.UTF8.GetBytes($$"""{"fleet":"alpha","ref":"refs/heads/main","commit":"{{i:x40}}"}""");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/generic") { Content = new ByteArrayContent(body) };
            request.Headers.Add("X-Hub-Signature-256", WebhookSignature.GitHubHeader(ServeFixture.Secret, body));
            var response = await svc.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            statuses.Add(await response.Content.ReadAsStringAsync());
        }
        Assert.All(statuses, s => Assert.Contains("\"coalesced\"", s, StringComparison.Ordinal));
        release.SetResult();

        await ApiJson.WaitForAsync(() => Task.FromResult(svc.Executor.Runs.Count), n => n >= 2, TimeSpan.FromSeconds(30), n => $"{n} runs");
        await Eventually.HoldsForAsync(() => svc.Executor.Runs.Count == 2, TimeSpan.FromSeconds(1), "the coalesced pushes started more than one follow-up run");
        var runs = svc.Executor.Runs.ToList();
        Assert.Equal(2, runs.Count);
        Assert.Equal("schedule", runs[0].Trigger);
        Assert.Equal("webhook:generic", runs[1].Trigger);
        Assert.True(runs[1].Start >= runs[0].End, "the follow-up run overlapped the first");
    }

    [Fact]
    public async Task FailingFleet_BacksOffExponentially_AndNeitherItNorAHangingFleetDelaysTheOthers()
    {
        await using var svc = await InProcessService.StartAsync(["broken", "healthy", "hanging"], async (fleet, ct) =>
        {
            switch (fleet)
            {
                case "broken":
                    return RunResults.Unreachable;
                case "hanging":
                    // Never finishes on its own: only the service's cancellation at shutdown ends it.
                    await new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously).Task.WaitAsync(ct);
                    return RunResults.Succeeded;
                default:
                    // Finish asynchronously, as a real run does, without holding the slot on a timer.
                    await Task.Yield();
                    return RunResults.Succeeded;
            }
        }, o =>
        {
            o.IntervalOverride = TimeSpan.FromMilliseconds(100);
            o.BackoffMax = TimeSpan.FromSeconds(3.2);
            o.MaxConcurrentRuns = 2;
            o.ShutdownDeadline = TimeSpan.Zero;
        });
        // A real clock on purpose: the retries are fired by Quartz, whose scheduler thread sleeps on the system clock
        // between triggers, so advancing a fake clock would not fire them; the backoff is measured over this window.
        await Task.Delay(TimeSpan.FromSeconds(8));

        var broken = svc.Executor.Runs.Where(r => r.Fleet == "broken").Select(r => r.Start).Order().ToList();
        var allGaps = broken.Zip(broken.Skip(1), (a, b) => (b - a).TotalSeconds).ToList();
        var shown = string.Join(", ", allGaps.Select(g => g.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)));
        // The first gap also pays the cold start (JIT of the run path and Quartz' first reschedule), which on a
        // loaded machine can exceed the next backoff steps; the doubling is judged from the second gap on.
        var gaps = allGaps.Skip(1).ToList();
        // 100 ms interval doubled per failure: 0.2, 0.4, 0.8, 1.6, 3.2 s, then capped (plus the scheduler's own latency).
        Assert.True(broken.Count is >= 5 and <= 9, $"{broken.Count} attempts of the broken fleet; gaps {shown}");
        for (var i = 1; i < gaps.Count; i++) Assert.True(gaps[i] >= gaps[i - 1] * 0.8, "gaps shrink: " + shown);
        Assert.True(gaps[^1] > gaps[0] * 2.5, "gaps do not grow: " + shown);
        Assert.All(allGaps, g => Assert.True(g < 4.5, "a gap exceeds the cap: " + shown));

        var healthy = svc.Executor.Runs.Count(r => r.Fleet == "healthy");
        Assert.True(healthy >= 20, $"the healthy fleet ran only {healthy} times in 8 s at a 100 ms interval");

        var fleets = await ApiJson.GetAsync(svc.Http, "/api/fleets/broken");
        Assert.Equal("failing", fleets["state"]!.ToString());
        Assert.True(fleets["consecutiveFailures"]!.GetValue<int>() >= 4);
        Assert.Contains("failed on purpose", fleets["problem"]!.ToString(), StringComparison.Ordinal);
        var metrics = await svc.Http.GetStringAsync("/metrics");
        Assert.Contains("gitopsfleet_runs_total{fleet=\"broken\",result=\"unreachable\"}", metrics, StringComparison.Ordinal);
        Assert.Matches("gitopsfleet_fleet_consecutive_failures\\{fleet=\"broken\"\\} [4-9]", metrics);
    }

    [Theory]
    [InlineData(0, 60, 60)]
    [InlineData(1, 60, 120)]
    [InlineData(3, 60, 480)]
    [InlineData(5, 60, 900)]
    [InlineData(40, 60, 900)]
    [InlineData(2, 1200, 1200)]
    public void Backoff_DoublesTheIntervalPerFailure_CappedButNeverBelowTheInterval(int failures, int intervalSeconds, int expectedSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), Backoff.Delay(failures, TimeSpan.FromSeconds(intervalSeconds), TimeSpan.FromMinutes(15)));

    [Fact]
    public void Signature_IsHmacSha256OfTheRawBody_ComparedWhole()
    {
        var secret = Encoding.UTF8.GetBytes("s3cret");
        var body = Encoding.UTF8.GetBytes("{\"ref\":\"refs/heads/main\"}");
        var header = WebhookSignature.GitHubHeader("s3cret", body);
        Assert.True(WebhookSignature.IsValid(secret, body, header, "sha256="));
        Assert.True(WebhookSignature.IsValid(secret, body, header[7..], ""));
        Assert.False(WebhookSignature.IsValid(secret, body, header[..^2], "sha256="));
        Assert.False(WebhookSignature.IsValid(secret, body, header[..^1] + (header[^1] == '0' ? "1" : "0"), "sha256="));
        Assert.False(WebhookSignature.IsValid(secret, [.. body, (byte)' '], header, "sha256="));
        Assert.False(WebhookSignature.IsValid(secret, body, "sha1=" + header[7..], "sha256="));
        Assert.False(WebhookSignature.IsValid([], body, header, "sha256="));
    }
}
