using GitOpsFleet.Reconciler.Git;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Drift;

/// <summary>
/// Commits files on top of the fleet commit and force-pushes them to <c>gitopsfleet/drift/&lt;fleet&gt;</c>.
/// The branch is rebuilt from the fleet commit each time, so it always shows exactly this run's
/// report against what Git says now ("updated in place").
/// </summary>
internal sealed class DriftBranchPublisher(GitCredentials credentials, TimeProvider time)
{
    public static string BranchName(string fleet) => $"gitopsfleet/drift/{fleet}";

    public Task<string> PublishAsync(GitSnapshot snapshot, string fleet, IReadOnlyDictionary<string, string> files, string message, CancellationToken cancellationToken) =>
        PublishAsync(snapshot, fleet, files, message, null, cancellationToken);

    /// <summary>
    /// As above, pushing with <paramref name="authentication"/> (the forge's token) instead of the fleet repository's
    /// own credentials when it is given. Local-path remotes need no credentials and ignore it.
    /// </summary>
    public Task<string> PublishAsync(GitSnapshot snapshot, string fleet, IReadOnlyDictionary<string, string> files, string message, PushAuthentication? authentication, CancellationToken cancellationToken) =>
        PublishToBranchAsync(snapshot, BranchName(fleet), files, message, authentication, cancellationToken);

    /// <summary>As above, onto another branch the reconciler owns (the approval pull request's).</summary>
    public Task<string> PublishToBranchAsync(GitSnapshot snapshot, string branch, IReadOnlyDictionary<string, string> files, string message, PushAuthentication? authentication, CancellationToken cancellationToken) =>
        Task.Run(() => Publish(snapshot, branch, files, message, authentication, cancellationToken), cancellationToken);

    private static string? LocalPath(string url)
    {
        if (url.StartsWith("file://", StringComparison.OrdinalIgnoreCase)) return new Uri(url).LocalPath;
        return url.Contains("://", StringComparison.Ordinal) ? null : url;
    }

    private string Publish(GitSnapshot snapshot, string branch, IReadOnlyDictionary<string, string> files, string message, PushAuthentication? authentication, CancellationToken cancellationToken)
    {
        var when = time.GetUtcNow();
        var remoteUrl = snapshot.Repository.Network.Remotes["origin"].Url;
        if (LocalPath(remoteUrl) is { } localTarget)
        {
            // libgit2 cannot push into a non-bare local repository; the same commit (same tree, author
            // and time, so the same id) is written straight into the target instead.
            try
            {
                using var target = new Repository(localTarget);
                if (target.Head.CanonicalName == $"refs/heads/{branch}") throw new GitSourceException($"cannot update {branch}: it is checked out in {localTarget}");
                var baseCommit = target.Lookup<Commit>(snapshot.CommitObject.Id)
                    ?? throw new GitSourceException($"cannot update {branch}: commit {snapshot.Commit[..12]} is no longer in {localTarget}");
                var sha = CommitOnto(target, baseCommit, files, message, when);
                target.Refs.Add($"refs/heads/{branch}", sha, allowOverwrite: true);
                CommitOnto(snapshot.Repository, snapshot.CommitObject, files, message, when);
                return sha.Sha;
            }
            catch (LibGit2SharpException ex)
            {
                throw new GitSourceException($"cannot write {branch}: {credentials.Redact(ex.Message)}", null);
            }
        }

        var repo = snapshot.Repository;
        var commit = CommitOnto(repo, snapshot.CommitObject, files, message, when);
        repo.Refs.Add($"refs/heads/{branch}", commit, allowOverwrite: true);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            string? pushError = null;
            var options = new PushOptions
            {
                CredentialsProvider = (snapshot.Credentials ?? credentials).Handler,
                OnPushStatusError = e => pushError = e.Message,
            };
            authentication?.Apply(options);
            repo.Network.Push(repo.Network.Remotes["origin"], $"+refs/heads/{branch}:refs/heads/{branch}", options);
            if (pushError is not null) throw new GitSourceException($"push of {branch} was rejected: {Redact(pushError, snapshot, authentication)}");
        }
        catch (LibGit2SharpException ex)
        {
            throw new GitSourceException($"cannot push {branch} to {Redact(remoteUrl, snapshot, authentication)}: {Explain(Redact(ex.Message, snapshot, authentication))}", null);
        }
        return commit.Sha;
    }

    private static ObjectId CommitOnto(Repository repo, Commit parent, IReadOnlyDictionary<string, string> files, string message, DateTimeOffset when)
    {
        var definition = TreeDefinition.From(parent.Tree);
        foreach (var (path, content) in files)
        {
            var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)), path);
            definition.Add(path, blob, Mode.NonExecutableFile);
        }
        var tree = repo.ObjectDatabase.CreateTree(definition);
        var signature = new Signature("GitOpsFleet", "gitopsfleet@localhost", when);
        return repo.ObjectDatabase.CreateCommit(signature, signature, message, tree, [parent], prettifyMessage: true).Id;
    }

    private string Redact(string text, GitSnapshot snapshot, PushAuthentication? authentication) =>
        credentials.Redactor.With(snapshot.Credentials?.Secrets ?? []).With(authentication?.Secrets ?? []).Redact(text);

    /// <summary>libgit2 reports a refused token as replayed authentication; say what it means.</summary>
    private static string Explain(string message) =>
        message.Contains("authentication replays", StringComparison.OrdinalIgnoreCase) || message.Contains("401", StringComparison.Ordinal)
            ? $"the remote refused the credentials (check the forge token and its write access to the repository) [{message}]"
            : message;
}
