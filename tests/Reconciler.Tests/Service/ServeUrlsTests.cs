using GitOpsFleet.Reconciler.Cli;
using GitOpsFleet.Reconciler.Service;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using Microsoft.Extensions.Configuration;

namespace GitOpsFleet.Reconciler.Tests.Service;

public sealed class ServeUrlsTests
{
    private static ServiceOptions Bind(params (string Key, string Value)[] settings) =>
        ServeCommand.BindOptions(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void NothingConfigured_ListensOnLoopback()
    {
        Assert.Equal("http://127.0.0.1:8080", Bind().Urls);
    }

    [Fact]
    public void AspNetCoreUrlsAlone_IsWhereTheServiceListens()
    {
        var options = Bind(("ASPNETCORE_URLS", "http://+:8080"));

        Assert.Equal("http://+:8080", options.Urls);
    }

    [Fact]
    public void OwnUrlsSetting_WinsOverAspNetCoreUrls()
    {
        var options = Bind(("ASPNETCORE_URLS", "http://+:8080"), ("GitOpsFleet:Urls", "http://0.0.0.0:9090"));

        Assert.Equal("http://0.0.0.0:9090", options.Urls);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://+:8080")]
    [InlineData("http://[::]:8080")]
    public void AllInterfacesBind_AnswersAnyHost(string urls)
    {
        using var home = new TempDirectory("urls");
        var options = new ServiceOptions { Urls = urls };

        Assert.Null(HttpEdge.EffectiveHosts(options));
        Assert.DoesNotContain(ServiceOptionsValidator.Validate(options, StateHome.Resolve(home.Path), out _, out _),
            p => p.StartsWith("--urls", StringComparison.Ordinal));
    }
}
