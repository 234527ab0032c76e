using System.Globalization;
using GitOpsFleet.Forges;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>
/// A forge with a REST API (GitHub, Gitea/Forgejo, GitLab) behind <see cref="IForgeClient"/>, mirrored into the
/// state store. The store is written first, so a forge that is down, rate-limited or refuses the token never loses
/// a drift report; the pull request is found again by its branch, so a restart or a second replica updates the
/// same one instead of opening a twin. Publication is retried within the run by <paramref name="retry"/>.
/// </summary>
internal sealed class RemoteForge(IForgeClient client, IStateStore store, TimeProvider time, ForgeRetry retry) : IForge
{
    public static IReadOnlyList<string> Labels { get; } = ["gitopsfleet", "drift"];

    public string Kind => client.Kind;

    /// <summary>The REST client, for the approval channel's comments.</summary>
    public IForgeClient Client => client;

    public async Task<PullRequestRecord> OpenOrUpdateAsync(PullRequestRecord? existing, PullRequestDraft draft, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // HeadCommit stays null until the forge has the pull request: the pipeline publishes again on the next run.
        var pending = existing is { State: PullRequestState.Open }
            ? existing with { Title = draft.Title, Body = draft.Body, Fingerprint = draft.Fingerprint, HeadCommit = null, RunId = draft.RunId, UpdatedAt = now, Forge = Kind }
            : new PullRequestRecord(0, draft.Fleet, Kind, draft.Branch, draft.BaseRef, draft.Title, draft.Body, PullRequestState.Open,
                draft.Fingerprint, null, draft.RunId, now, now, null, null);
        pending = await store.SavePullRequestAsync(pending, CancellationToken.None);
        try
        {
            var content = new PullRequestContent(draft.Branch, BaseBranch(draft.BaseRef), draft.Title, draft.Body,
                $"`{ReportPath(draft.Fleet)}` on branch `{draft.Branch}`");
            // The whole sequence is retried, not its calls: each attempt looks for the branch's pull request before it
            // opens one, so a create whose answer was lost (a 500 after the write, a timeout) is updated, not sent twice.
            var pr = await retry.ExecuteAsync($"the drift pull request from {draft.Branch}", async token =>
            {
                var opened = await client.OpenOrUpdateAsync(content, NumberOf(existing), token);
                await client.AddLabelsAsync(opened.Number, Labels, token);
                return opened;
            }, cancellationToken);
            return await store.SavePullRequestAsync(pending with { HeadCommit = draft.HeadCommit, Url = pr.Url, UpdatedAt = time.GetUtcNow() }, CancellationToken.None);
        }
        catch (ForgeException ex)
        {
            throw new ForgeSyncException(pending, ex);
        }
    }

    public async Task<PullRequestRecord> CloseAsync(PullRequestRecord pullRequest, string comment, CancellationToken cancellationToken)
    {
        try
        {
            var number = NumberOf(pullRequest) ?? (await client.FindOpenByBranchAsync(pullRequest.Branch, cancellationToken))?.Number;
            ForgePullRequest? closed = null;
            if (number is { } n)
            {
                var current = await client.GetAsync(n, cancellationToken);
                // A reviewer may have merged or closed it already; then there is nothing to close or comment.
                closed = current.State == ForgePullRequestState.Open ? await client.CloseWithCommentAsync(n, comment, cancellationToken) : current;
            }
            var now = time.GetUtcNow();
            var state = closed?.State == ForgePullRequestState.Merged ? PullRequestState.Merged : PullRequestState.Closed;
            return await store.SavePullRequestAsync(pullRequest with
            {
                State = state,
                Body = state == PullRequestState.Closed ? pullRequest.Body + "\n\n---\n" + comment + "\n" : pullRequest.Body,
                UpdatedAt = now,
                ClosedAt = closed?.MergedAt ?? closed?.ClosedAt ?? now,
                Url = closed?.Url ?? pullRequest.Url,
            }, CancellationToken.None);
        }
        catch (ForgeException ex)
        {
            // Still open in the store: the next run tries to close it again.
            throw new ForgeSyncException(pullRequest, ex);
        }
    }

    public async Task<PullRequestRecord> RefreshAsync(PullRequestRecord pullRequest, CancellationToken cancellationToken)
    {
        if (pullRequest.State != PullRequestState.Open) return pullRequest;
        try
        {
            var number = NumberOf(pullRequest);
            ForgePullRequest? seen = number is { } n ? await client.GetAsync(n, cancellationToken) : await client.FindOpenByBranchAsync(pullRequest.Branch, cancellationToken);
            if (seen is null || seen.State == ForgePullRequestState.Open)
            {
                // Not on the forge yet (it was down when the run opened it), or still open: nothing to mirror.
                return seen is null || seen.Url == pullRequest.Url ? pullRequest : await store.SavePullRequestAsync(pullRequest with { Url = seen.Url }, CancellationToken.None);
            }
            var state = seen.State == ForgePullRequestState.Merged ? PullRequestState.Merged : PullRequestState.Closed;
            return await store.SavePullRequestAsync(pullRequest with
            {
                State = state,
                UpdatedAt = time.GetUtcNow(),
                ClosedAt = seen.MergedAt ?? seen.ClosedAt ?? time.GetUtcNow(),
                Url = seen.Url,
            }, CancellationToken.None);
        }
        catch (ForgeException ex)
        {
            throw new ForgeSyncException(pullRequest, ex);
        }
    }

    /// <summary>
    /// The forge's number, read from the pull request's address: every supported forge ends it with the number
    /// (<c>/pull/7</c>, <c>/pulls/7</c>, <c>/-/merge_requests/7</c>), and the record has no other field for it.
    /// </summary>
    internal static long? NumberOf(PullRequestRecord? record)
    {
        if (record?.Url is not { Length: > 0 } url) return null;
        var slash = url.TrimEnd('/').LastIndexOf('/');
        return long.TryParse(url.AsSpan(slash + 1).TrimEnd('/'), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static string BaseBranch(string baseRef) =>
        baseRef.StartsWith("refs/heads/", StringComparison.Ordinal) ? baseRef["refs/heads/".Length..] : baseRef;

    private static string ReportPath(string fleet) => $"reports/drift/{fleet}.md";
}
