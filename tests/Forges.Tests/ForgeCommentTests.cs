using GitOpsFleet.Forges.Tests.Support;

namespace GitOpsFleet.Forges.Tests;

/// <summary>Posting and reading pull-request comments (the `/approve` channel) on each forge's local endpoint.</summary>
public sealed class ForgeCommentTests
{
    public static TheoryData<string> Kinds => new() { "github", "gitea", "gitlab" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AddComment_ThenList_ReturnsEveryComment_OldestFirst_WithTheAccountThatWroteIt(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var client = forge.Client();
        var pr = await client.CreateAsync(new PullRequestContent("gitopsfleet/drift/mainnet", "main", "Drift", "report", "the drift branch"), CancellationToken.None);

        var posted = await client.AddCommentAsync(pr.Number, "Plan `abc:123` waits for approval", CancellationToken.None);
        forge.Server.PullRequests.Single().AddComment("alice", "/approve maintenance window");

        var comments = await client.ListCommentsAsync(pr.Number, CancellationToken.None);

        Assert.Equal([("gitopsfleet-bot", "Plan `abc:123` waits for approval"), ("alice", "/approve maintenance window")],
            comments.Select(c => (c.Author, c.Body)));
        Assert.Equal(posted.Id, comments[0].Id);
        Assert.NotEqual(comments[0].Id, comments[1].Id);
        Assert.True(comments[0].CreatedAt < comments[1].CreatedAt);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ListComments_ReadsEveryPage(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var pr = forge.Server.NewPullRequest("gitopsfleet/drift/mainnet", "main", "Drift", "report");
        for (var i = 0; i < 120; i++) pr.AddComment(i % 2 == 0 ? "alice" : "bob", $"comment {i}");

        var comments = await forge.Client().ListCommentsAsync(pr.Number, CancellationToken.None);

        Assert.Equal(120, comments.Count);
        Assert.Equal("comment 119", comments[^1].Body);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task ListComments_OfAnUnknownPullRequest_IsNotFound(string kind)
    {
        await using var forge = await ForgeFixture.StartAsync(kind);
        var error = await Assert.ThrowsAsync<ForgeException>(() => forge.Client().ListCommentsAsync(42, CancellationToken.None));
        Assert.Equal(ForgeErrorKind.NotFound, error.Kind);
    }
}
