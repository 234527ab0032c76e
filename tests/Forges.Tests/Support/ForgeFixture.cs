using GitOpsFleet.TestSupport.Forges;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Forges.Tests.Support;

/// <summary>A fake forge of one kind and a way to build real clients against it.</summary>
internal sealed class ForgeFixture : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private ForgeFixture(string kind, FakeForgeServer server)
    {
        Kind = kind;
        Server = server;
    }

    public string Kind { get; }
    public FakeForgeServer Server { get; }
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    public static async Task<ForgeFixture> StartAsync(string kind)
    {
        IFakeForgeApi api = kind switch
        {
            "github" => new FakeGitHubApi(),
            "gitea" => new FakeGiteaApi(),
            "gitlab" => new FakeGitLabApi(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new ForgeFixture(kind, await FakeForgeServer.StartAsync(api));
    }

    public IForgeClient Client(string? token = null, string? repository = null, Uri? apiBase = null) =>
        ForgeClientFactory.Create(new ForgeEndpoint(Kind, apiBase ?? Server.ApiBase, repository ?? Server.Repository, token ?? Server.Token), _http, Time);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Server.DisposeAsync();
    }
}
