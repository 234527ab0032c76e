using System.Text.Json.Nodes;
using GitOpsFleet.Forges.Tests.Support;
using GitOpsFleet.TestSupport.Forges;

namespace GitOpsFleet.Forges.Tests;

/// <summary>GitHub's own rate-limit answers, through the real Octokit client.</summary>
public sealed class GitHubForgeClientTests
{
    [Fact]
    public async Task PrimaryRateLimit_403WithResetHeader_IsRateLimitedUntilTheReset()
    {
        await using var forge = await ForgeFixture.StartAsync("github");
        var reset = forge.Time.GetUtcNow().AddSeconds(95).ToUnixTimeSeconds();
        forge.Server.FailNext("GET", "repos/", new FakeResponse(403,
            new JsonObject { ["message"] = "API rate limit exceeded for user ID 1.", ["documentation_url"] = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api" },
            new Dictionary<string, string> { ["x-ratelimit-limit"] = "5000", ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset.ToString(System.Globalization.CultureInfo.InvariantCulture) }));

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client().FindOpenByBranchAsync("gitopsfleet/drift/x", CancellationToken.None));

        Assert.Equal(ForgeErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(95), ex.RetryAfter);
    }

    [Fact]
    public async Task SecondaryRateLimit_403WithRetryAfter_IsRateLimited()
    {
        await using var forge = await ForgeFixture.StartAsync("github");
        forge.Server.FailNext("POST", "repos/", new FakeResponse(403,
            new JsonObject { ["message"] = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." },
            new Dictionary<string, string> { ["Retry-After"] = "60" }));

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client().CreateAsync(new PullRequestContent("b", "main", "t", "x"), CancellationToken.None));

        Assert.Equal(ForgeErrorKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(60), ex.RetryAfter);
    }

    [Fact]
    public async Task PlainForbidden_NeedsAPerson()
    {
        await using var forge = await ForgeFixture.StartAsync("github");
        forge.Server.FailNext("POST", "repos/", new FakeResponse(403, new JsonObject { ["message"] = "Resource not accessible by integration" }));

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client().CreateAsync(new PullRequestContent("b", "main", "t", "x"), CancellationToken.None));

        Assert.Equal(ForgeErrorKind.Forbidden, ex.Kind);
        Assert.False(ex.Retryable);
        Assert.Contains("Resource not accessible", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://api.github.com", "https://api.github.com/")]
    [InlineData("https://github.com", "https://api.github.com/")]
    [InlineData("https://ghe.example/api/v3", "https://ghe.example/api/v3/")]
    public void ApiBase_MapsPublicGitHubAndKeepsEnterpriseBases(string configured, string expected) =>
        Assert.Equal(expected, GitHubForgeClient.ApiBase(new Uri(configured)).AbsoluteUri);
}
