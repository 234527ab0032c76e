using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using GitOpsFleet.Forges.Tests.Support;
using GitOpsFleet.TestSupport.Forges;

namespace GitOpsFleet.Forges.Tests;

/// <summary>The same behaviour from every forge client, each against a local endpoint that speaks its forge's API.</summary>
public sealed class ForgeClientTests
{
    private const string Branch = "gitopsfleet/drift/mainnet";

    public static TheoryData<string> Kinds => new() { "github", "gitea", "gitlab" };

    private static PullRequestContent Content(string title, string body = "report") => new(Branch, "main", title, body, "`reports/drift/mainnet.md` on branch `" + Branch + "`");

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task OpenOrUpdate_SecondClientFindsThePullRequestByBranch_AndUpdatesItInPlace(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);

        var first = await forge.Client().OpenOrUpdateAsync(Content("Drift: 1 changed"), null, CancellationToken.None);
        // A new client is a restarted service or another replica: it knows no number, only the branch.
        var second = await forge.Client().OpenOrUpdateAsync(Content("Drift: 2 changed", "report two"), null, CancellationToken.None);

        Assert.Equal(first.Number, second.Number);
        Assert.Equal(ForgePullRequestState.Open, second.State);
        Assert.Equal(Branch, second.HeadBranch);
        Assert.Equal("main", second.BaseBranch);
        Assert.Contains(first.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), second.Url, StringComparison.Ordinal);
        var stored = Assert.Single(forge.Server.PullRequests);
        Assert.Equal("Drift: 2 changed", stored.Title);
        Assert.Equal("report two", stored.Body);
        Assert.Equal(1, stored.Updates);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task OpenOrUpdate_WithAKnownNumberThatWasClosed_OpensANewOne(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var first = await client.OpenOrUpdateAsync(Content("one"), null, CancellationToken.None);
        await client.CloseWithCommentAsync(first.Number, "closing", CancellationToken.None);

        var second = await client.OpenOrUpdateAsync(Content("two"), first.Number, CancellationToken.None);

        Assert.NotEqual(first.Number, second.Number);
        Assert.Equal(2, forge.Server.PullRequests.Count);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Create_WhenThePullRequestExists_IsAlreadyExists_AndOpenOrUpdateRecovers(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var existing = await client.CreateAsync(Content("one"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ForgeException>(() => client.CreateAsync(Content("two"), CancellationToken.None));
        Assert.Equal(ForgeErrorKind.AlreadyExists, refused.Kind);
        Assert.False(refused.Retryable);

        // Another replica opened it between our look-up and our create: the list we saw was empty.
        var listPath = kind == "gitlab" ? "projects/" : "repos/";
        forge.Server.FailNext("GET", listPath, new FakeResponse(200, new JsonArray()));
        var updated = await client.OpenOrUpdateAsync(Content("three"), null, CancellationToken.None);

        Assert.Equal(existing.Number, updated.Number);
        Assert.Equal("three", Assert.Single(forge.Server.PullRequests).Title);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AddLabels_AttachesEachLabelOnce(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var pr = await client.CreateAsync(Content("one"), CancellationToken.None);

        await client.AddLabelsAsync(pr.Number, ["gitopsfleet", "drift"], CancellationToken.None);
        await client.AddLabelsAsync(pr.Number, ["gitopsfleet", "drift"], CancellationToken.None);

        Assert.Equal(["gitopsfleet", "drift"], forge.Server.PullRequests[0].Labels);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task CloseWithComment_CommentsThenCloses_AndGetSeesMergedAndClosed(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var one = await client.CreateAsync(Content("one"), CancellationToken.None);

        var closed = await client.CloseWithCommentAsync(one.Number, "Drift is gone as of run 7; closing.", CancellationToken.None);

        Assert.Equal(ForgePullRequestState.Closed, closed.State);
        Assert.Equal(ForgePullRequestState.Closed, (await client.GetAsync(one.Number, CancellationToken.None)).State);
        Assert.Equal(["Drift is gone as of run 7; closing."], forge.Server.PullRequests[0].Comments);
        Assert.Null(await client.FindOpenByBranchAsync(Branch, CancellationToken.None));

        var two = await client.CreateAsync(Content("two"), CancellationToken.None);
        var merged = forge.Server.PullRequests.Single(p => p.Number == two.Number);
        merged.State = "closed";
        merged.Merged = true;
        var seen = await client.GetAsync(two.Number, CancellationToken.None);
        Assert.Equal(ForgePullRequestState.Merged, seen.State);
        Assert.NotNull(seen.MergedAt);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task WrongToken_IsUnauthorized_NotRetryable_AndTheMessageNeverHoldsTheToken(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client(token: wrong).CreateAsync(Content("x"), CancellationToken.None));

        Assert.Equal(ForgeErrorKind.Unauthorized, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.False(ex.Retryable);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.Empty(forge.Server.PullRequests);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task UnknownRepository_IsNotFound(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client(repository: "acme/nope").FindOpenByBranchAsync(Branch, CancellationToken.None));

        Assert.Equal(ForgeErrorKind.NotFound, ex.Kind);
        Assert.Equal(404, ex.StatusCode);
        Assert.False(ex.Retryable);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task TooManyRequests_IsRateLimited_WithTheForgesRetryAfter(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        forge.Server.FailNext("POST", "", new FakeResponse(429, new JsonObject { ["message"] = "slow down" }, new Dictionary<string, string> { ["Retry-After"] = "17" }));

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client().CreateAsync(Content("x"), CancellationToken.None));

        Assert.Equal(ForgeErrorKind.RateLimited, ex.Kind);
        Assert.True(ex.Retryable);
        Assert.Equal(TimeSpan.FromSeconds(17), ex.RetryAfter);
        // The forge answers again: the same call goes through.
        Assert.Equal(ForgePullRequestState.Open, (await forge.Client().CreateAsync(Content("x"), CancellationToken.None)).State);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ServerError_IsUnavailable_AndRetryable(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        forge.Server.FailNext("GET", "", new FakeResponse(503, new JsonObject { ["message"] = "maintenance" }));

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client().FindOpenByBranchAsync(Branch, CancellationToken.None));

        Assert.Equal(ForgeErrorKind.Unavailable, ex.Kind);
        Assert.True(ex.Retryable);
        Assert.Equal(503, ex.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ForgeDown_ConnectionRefused_IsUnavailable_AndRetryable(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var down = new Uri($"http://127.0.0.1:{port}/{forge.Server.ApiBase.AbsolutePath.TrimStart('/')}");

        var ex = await Assert.ThrowsAsync<ForgeException>(() => forge.Client(apiBase: down).FindOpenByBranchAsync(Branch, CancellationToken.None));

        Assert.Equal(ForgeErrorKind.Unavailable, ex.Kind);
        Assert.True(ex.Retryable);
        Assert.DoesNotContain(forge.Server.Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task LongBody_IsCutToTheForgesLimit_WithAPointerToTheFullReport(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var line = "| node-1 | changed | software.version | 1.14.12 | 1.14.13 | 2025-06-01 12:00 |\n";
        var body = string.Concat(Enumerable.Repeat(line, client.MaxBodyLength / line.Length + 50));

        await client.CreateAsync(Content("long", body), CancellationToken.None);

        var stored = forge.Server.PullRequests[0].Body;
        Assert.True(stored.Length <= client.MaxBodyLength, $"{stored.Length} > {client.MaxBodyLength}");
        Assert.Contains("`reports/drift/mainnet.md` on branch `" + Branch + "`", stored, StringComparison.Ordinal);
        Assert.StartsWith(line, stored, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Token_TravelsOnlyInAHeader_NeverInTheUrl(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var pr = await client.OpenOrUpdateAsync(Content("x"), null, CancellationToken.None);
        await client.AddLabelsAsync(pr.Number, ["drift"], CancellationToken.None);
        await client.CloseWithCommentAsync(pr.Number, "bye", CancellationToken.None);

        Assert.NotEmpty(forge.Server.Requests);
        Assert.All(forge.Server.Requests, r =>
        {
            Assert.DoesNotContain(forge.Server.Token, r.PathAndQuery, StringComparison.Ordinal);
            Assert.Contains(forge.Server.Token, r.Authorization + r.PrivateToken, StringComparison.Ordinal);
        });
    }
}
