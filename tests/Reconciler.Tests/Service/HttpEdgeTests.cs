using System.Net;
using GitOpsFleet.Reconciler.Service;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class HttpEdgeTests
{
    private static Task<InProcessService> StartAsync(Action<ServiceOptions>? configure = null) =>
        InProcessService.StartAsync(["edge"], (_, _) => Task.FromResult("no-changes"), configure ?? (_ => { }));

    [Fact]
    public async Task LoopbackService_ForeignHostHeader_Gets400()
    {
        await using var service = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/fleets");
        request.Headers.Host = "rebound.attacker.example";

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]:9000")]
    public async Task LoopbackService_LoopbackHostOnAnyPort_IsServed(string host)
    {
        await using var service = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/fleets");
        request.Headers.Host = host;

        using var response = await service.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ConfiguredAllowedHosts_ReplaceTheLoopbackDefault()
    {
        await using var service = await StartAsync(o => o.AllowedHosts = ["gitopsfleet.example"]);
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/fleets") { Headers = { Host = "gitopsfleet.example" } };
        using var refused = new HttpRequestMessage(HttpMethod.Get, "/api/fleets") { Headers = { Host = "localhost" } };

        Assert.Equal(HttpStatusCode.OK, (await service.Http.SendAsync(allowed)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await service.Http.SendAsync(refused)).StatusCode);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/fleets")]
    public async Task EveryResponse_CarriesTheSecurityHeaders(string path)
    {
        await using var service = await StartAsync();

        using var response = await service.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public void AllowedHosts_WithAUrl_IsAProblemAtStart()
    {
        var options = new ServiceOptions { AllowedHosts = ["https://gitopsfleet.example/"] };
        Assert.Single(HttpEdge.Validate(options));
    }
}
