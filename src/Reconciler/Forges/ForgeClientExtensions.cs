namespace GitOpsFleet.Forges;

public static class ForgeClientExtensions
{
    /// <summary>
    /// Updates the open pull request of <see cref="PullRequestContent.HeadBranch"/>, or opens one. The branch is
    /// the identity, so a restart or a second replica finds the same pull request instead of opening a twin; a
    /// create that races another writer (the forge answers "already exists") falls back to finding and updating.
    /// </summary>
    public static async Task<ForgePullRequest> OpenOrUpdateAsync(this IForgeClient client, PullRequestContent content, long? knownNumber, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(content);
        if (knownNumber is { } number)
        {
            try
            {
                var known = await client.GetAsync(number, cancellationToken);
                if (known.State == ForgePullRequestState.Open && known.HeadBranch == content.HeadBranch) return await client.UpdateAsync(number, content, cancellationToken);
            }
            catch (ForgeException ex) when (ex.Kind == ForgeErrorKind.NotFound)
            {
                // Deleted on the forge (GitLab lets admins do that): fall through and find or open one.
            }
        }
        var open = await client.FindOpenByBranchAsync(content.HeadBranch, cancellationToken);
        if (open is not null) return await client.UpdateAsync(open.Number, content, cancellationToken);
        try
        {
            return await client.CreateAsync(content, cancellationToken);
        }
        catch (ForgeException ex) when (ex.Kind == ForgeErrorKind.AlreadyExists)
        {
            var existing = await client.FindOpenByBranchAsync(content.HeadBranch, cancellationToken)
                ?? throw new ForgeException(ForgeErrorKind.Failed, $"{client.Kind} says a pull request from {content.HeadBranch} exists but none is open", ex.StatusCode, null, ex);
            return await client.UpdateAsync(existing.Number, content, cancellationToken);
        }
    }
}
