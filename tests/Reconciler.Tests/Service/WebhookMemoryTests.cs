using GitOpsFleet.Reconciler.Tests.Service.Metrics;
using System.Net;
using System.Net.Http.Headers;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>Measures the process's managed heap, so it runs alone: another test's allocations would count as the service's.</summary>
[CollectionDefinition(nameof(WebhookMemoryTests), DisableParallelization = true)]
public sealed class WebhookMemoryCollection;

/// <summary>Unsigned deliveries cost the service no memory, however large their bodies (issue 31: 40 x 28 MiB once took 3 GB).</summary>
[Collection(nameof(WebhookMemoryTests))]
public sealed class WebhookMemoryTests
{
    [Fact]
    public async Task TenParallelUnsigned28MiBBodies_AreRefused_WithoutGrowingTheManagedHeap()
    {
        await using var svc = await WebhookEndpointsTests.StartAsync();
        var body = new byte[28 * 1024 * 1024];
        await svc.Http.GetStringAsync("/metrics");
        var before = GC.GetTotalMemory(forceFullCollection: true);
        // Bodies buffered and then dropped would be collected by the time "after" is measured; what was allocated
        // on the way is counted here, whether or not it is still alive.
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/github") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-GitHub-Event", "push");
            try
            {
                using var response = await svc.Http.SendAsync(request);
                return response.StatusCode.ToString();
            }
            catch (HttpRequestException ex)
            {
                // The service may close the connection once it has answered, while the client is still sending.
                return "closed: " + ex.Message;
            }
        }));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.All(answers, a => Assert.True(a == nameof(HttpStatusCode.Unauthorized) || a.StartsWith("closed", StringComparison.Ordinal), a));
        var metrics = await svc.Http.GetStringAsync("/metrics");
        Assert.Equal(10, Exposition.Parse(metrics).Value("gitopsfleet_webhook_deliveries_total", ("source", "github"), ("result", "unauthorized")));
        Assert.True(allocated < 64 * 1024 * 1024, $"{allocated / 1024 / 1024} MiB were allocated for 280 MiB of refused bodies");
        Assert.True(after - before < 32 * 1024 * 1024, $"the managed heap grew by {(after - before) / 1024 / 1024} MiB for 280 MiB of refused bodies");
        GC.KeepAlive(body);
    }
}
