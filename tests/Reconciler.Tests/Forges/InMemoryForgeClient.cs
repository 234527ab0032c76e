using GitOpsFleet.Forges;

namespace GitOpsFleet.Reconciler.Tests.Forges;

/// <summary>
/// A forge held in memory, for the adapter's mirroring and fault handling. The REST traffic of each real forge is
/// tested in GitOpsFleet.Forges.Tests against local endpoints that speak its API; here the peer cannot run, so it is faked.
/// </summary>
internal sealed class InMemoryForgeClient : IForgeClient
{
    public List<(ForgePullRequest Pr, string Body, List<string> Labels, List<string> Comments)> Items { get; } = [];

    /// <summary>When set, every call fails with it (the forge is down, rate-limited or refuses the token).</summary>
    public ForgeException? Fault { get; set; }

    public int Calls { get; private set; }

    public string Kind => "github";

    public int MaxBodyLength => 65_536;

    private void Check()
    {
        Calls++;
        if (Fault is not null) throw Fault;
    }

    private int Index(long number) => Items.FindIndex(i => i.Pr.Number == number) is var at and >= 0 ? at : throw new ForgeException(ForgeErrorKind.NotFound, $"#{number} not found", 404);

    public Task<ForgePullRequest?> FindOpenByBranchAsync(string headBranch, CancellationToken cancellationToken)
    {
        Check();
        return Task.FromResult(Items.Select(i => i.Pr).FirstOrDefault(p => p.HeadBranch == headBranch && p.State == ForgePullRequestState.Open));
    }

    public Task<ForgePullRequest> CreateAsync(PullRequestContent content, CancellationToken cancellationToken)
    {
        Check();
        var number = Items.Count + 1;
        var pr = new ForgePullRequest(number, $"https://forge.example/acme/fleet/pull/{number}", content.HeadBranch, content.BaseBranch, content.Title, ForgePullRequestState.Open, null, null, null);
        Items.Add((pr, content.Body, [], []));
        return Task.FromResult(pr);
    }

    public Task<ForgePullRequest> UpdateAsync(long number, PullRequestContent content, CancellationToken cancellationToken)
    {
        Check();
        var at = Index(number);
        var item = Items[at];
        Items[at] = (item.Pr with { Title = content.Title }, content.Body, item.Labels, item.Comments);
        return Task.FromResult(Items[at].Pr);
    }

    public Task<ForgePullRequest> CloseWithCommentAsync(long number, string comment, CancellationToken cancellationToken)
    {
        Check();
        var at = Index(number);
        Items[at].Comments.Add(comment);
        Items[at] = Items[at] with { Pr = Items[at].Pr with { State = ForgePullRequestState.Closed, ClosedAt = DateTimeOffset.UnixEpoch } };
        return Task.FromResult(Items[at].Pr);
    }

    public Task<ForgeComment> AddCommentAsync(long number, string body, CancellationToken cancellationToken)
    {
        Check();
        var at = Index(number);
        Items[at].Comments.Add(body);
        return Task.FromResult(new ForgeComment(Items[at].Comments.Count, "gitopsfleet", body, null));
    }

    public Task<IReadOnlyList<ForgeComment>> ListCommentsAsync(long number, CancellationToken cancellationToken)
    {
        Check();
        var comments = Items[Index(number)].Comments;
        return Task.FromResult<IReadOnlyList<ForgeComment>>(comments.Select((c, i) => new ForgeComment(i + 1, "gitopsfleet", c, null)).ToList());
    }

    public Task<ForgePullRequest> GetAsync(long number, CancellationToken cancellationToken)
    {
        Check();
        return Task.FromResult(Items[Index(number)].Pr);
    }

    public Task AddLabelsAsync(long number, IReadOnlyList<string> labels, CancellationToken cancellationToken)
    {
        Check();
        var item = Items[Index(number)];
        foreach (var label in labels.Where(l => !item.Labels.Contains(l))) item.Labels.Add(label);
        return Task.CompletedTask;
    }

    /// <summary>What a reviewer does on the forge.</summary>
    public void Merge(long number)
    {
        var at = Index(number);
        Items[at] = Items[at] with { Pr = Items[at].Pr with { State = ForgePullRequestState.Merged, MergedAt = DateTimeOffset.UnixEpoch.AddDays(1), ClosedAt = DateTimeOffset.UnixEpoch.AddDays(1) } };
    }

    public void Close(long number)
    {
        var at = Index(number);
        Items[at] = Items[at] with { Pr = Items[at].Pr with { State = ForgePullRequestState.Closed, ClosedAt = DateTimeOffset.UnixEpoch.AddDays(1) } };
    }
}
