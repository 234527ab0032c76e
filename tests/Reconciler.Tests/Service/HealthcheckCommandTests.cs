using GitOpsFleet.Reconciler.Cli;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class HealthcheckCommandTests
{
    [Fact]
    public async Task LiveService_Healthz_ExitsZero()
    {
        await using var service = await InProcessService.StartAsync(["health"], (_, _) => Task.FromResult("no-changes"), _ => { });
        var error = new StringWriter();

        var exit = await HealthcheckCommand.CheckAsync(service.Http, new Uri($"http://127.0.0.1:{service.Port}/healthz"), error, CancellationToken.None);

        Assert.Equal(CommandLine.Ok, exit);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task NonSuccessAnswer_ExitsOneAndSaysTheStatus()
    {
        await using var service = await InProcessService.StartAsync(["health"], (_, _) => Task.FromResult("no-changes"), _ => { });
        var error = new StringWriter();

        var exit = await HealthcheckCommand.CheckAsync(service.Http, new Uri($"http://127.0.0.1:{service.Port}/no-such-page"), error, CancellationToken.None);

        Assert.Equal(CommandLine.Error, exit);
        Assert.Contains("404", error.ToString());
    }

    [Fact]
    public async Task NothingListening_ExitsOne()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var error = new StringWriter();

        var exit = await HealthcheckCommand.CheckAsync(http, new Uri($"http://127.0.0.1:{ServeProcess.FreePort()}/healthz"), error, CancellationToken.None);

        Assert.Equal(CommandLine.Error, exit);
        Assert.Contains("healthcheck:", error.ToString());
    }
}
