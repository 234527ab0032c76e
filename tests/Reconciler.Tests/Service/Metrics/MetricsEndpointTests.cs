using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GitOpsFleet.Reconciler.Service.Webhooks;

namespace GitOpsFleet.Reconciler.Tests.Service.Metrics;

/// <summary>/metrics of a running `serve`, read the way Prometheus reads it.</summary>
[Collection(ServeCollection.Name)]
public sealed class MetricsEndpointTests(ServeFixture fixture)
{
    /// <summary>
    /// Every gitopsfleet_ family /metrics served when it was hand-written exposition text (before OpenTelemetry),
    /// with its type and label names. Dashboards and alerts query these names: none may change.
    /// </summary>
    private static readonly (string Name, string Type, string[] Labels)[] Families =
    [
        ("gitopsfleet_runs_total", "counter", ["fleet", "result"]),
        ("gitopsfleet_run_duration_seconds", "histogram", ["fleet"]),
        ("gitopsfleet_stage_duration_seconds", "histogram", ["stage"]),
        ("gitopsfleet_nodes", "gauge", ["fleet", "pool", "state"]),
        ("gitopsfleet_drift_items", "gauge", ["fleet"]),
        ("gitopsfleet_policy_decisions_total", "counter", ["stage", "result"]),
        ("gitopsfleet_webhook_deliveries_total", "counter", ["source", "result"]),
        ("gitopsfleet_scheduler_lag_seconds", "histogram", []),
        ("gitopsfleet_webhook_to_run_start_seconds", "histogram", []),
        ("gitopsfleet_fleet_consecutive_failures", "gauge", ["fleet"]),
        ("gitopsfleet_fleet_last_run_timestamp_seconds", "gauge", ["fleet", "result"]),
        ("gitopsfleet_runs_in_progress", "gauge", []),
        ("gitopsfleet_run_requests_coalesced_total", "counter", ["fleet"]),
    ];

    private HttpClient Http => fixture.Serve.Http;

    [Fact]
    public async Task Metrics_ServesEveryGitOpsFleetFamily_WithItsNameTypeAndLabels()
    {
        await PushAsync();
        // The first run creates the node, so the nodes gauge has series once a later run has observed it.
        // A second request while the first's run is in progress is folded into a follow-up (the coalesced counter).
        var metrics = await ApiJson.WaitForAsync(async () =>
        {
            await ReconcileAsync();
            await ReconcileAsync();
            return Exposition.Parse(await Http.GetStringAsync("/metrics"));
        }, m => new[] { "gitopsfleet_run_requests_coalesced_total", "gitopsfleet_webhook_to_run_start_seconds_count", "gitopsfleet_nodes" }.All(n => m.Named(n).Any()),
            TimeSpan.FromSeconds(60), m => string.Join("\n", m.Samples.Select(s => s.Name).Distinct()));

        var served = metrics.Types.Keys.Where(n => n.StartsWith("gitopsfleet_", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(Families.Select(f => f.Name).Order(StringComparer.Ordinal), served);
        foreach (var (name, type, labels) in Families)
        {
            Assert.Equal(type, metrics.Types[name]);
            var samples = type == "histogram"
                ? [.. metrics.Named(name + "_bucket"), .. metrics.Named(name + "_sum"), .. metrics.Named(name + "_count")]
                : metrics.Named(name).ToList();
            Assert.True(samples.Count > 0, $"{name} has no samples");
            foreach (var sample in samples)
            {
                var expected = sample.Name.EndsWith("_bucket", StringComparison.Ordinal) ? [.. labels, "le"] : labels;
                Assert.Equal(expected.Order(StringComparer.Ordinal), sample.Labels.Keys.Order(StringComparer.Ordinal));
            }
        }
        Assert.Contains(metrics.Named("gitopsfleet_runs_total"), s => s.Labels["fleet"] == fixture.Fleet && s.Number >= 1);
        Assert.Contains(metrics.Named("gitopsfleet_run_duration_seconds_bucket"), s => s.Labels["le"] == "+Inf");
    }

    [Fact]
    public async Task Metrics_ServesRuntimeProcessAndHttpServerSeries()
    {
        // A request before the scrape, so ASP.NET Core's request duration has a measurement to show.
        Assert.Equal("ok\n", await Http.GetStringAsync("/healthz"));
        var metrics = Exposition.Parse(await Http.GetStringAsync("/metrics"));

        var families = metrics.Types.Keys.ToList();
        Assert.Contains(families, n => n.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.Contains(families, n => n.StartsWith("process_", StringComparison.Ordinal));
        Assert.Equal("histogram", metrics.Types["http_server_request_duration_seconds"]);
        Assert.Contains(metrics.Named("http_server_request_duration_seconds_count"), s => s.Labels.GetValueOrDefault("http_route") == "/healthz");
        Assert.Contains(metrics.Named("dotnet_gc_heap_total_allocated_bytes_total"), s => s.Number > 0);
    }

    private async Task PushAsync()
    {
        var body = Encoding.UTF8.GetBytes($$$"""{"ref":"refs/heads/main","after":"{{{new string('c', 40)}}}","repository":{"clone_url":"{{{fixture.Repo.Path}}}"}}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", "push");
        request.Headers.Add("X-Hub-Signature-256", WebhookSignature.GitHubHeader(ServeFixture.Secret, body));
        Assert.Equal(HttpStatusCode.Accepted, (await Http.SendAsync(request)).StatusCode);
    }

    private async Task ReconcileAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/fleets/{fixture.Fleet}/reconcile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServeFixture.Token);
        Assert.Equal(HttpStatusCode.Accepted, (await Http.SendAsync(request)).StatusCode);
    }
}
