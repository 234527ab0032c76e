using GitOpsFleet.Reconciler.State;
using LibGit2Sharp;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>
/// Keeps a bare clone of each fleet repository under the state home and resolves a ref to one
/// commit. Runs read the commit's tree, never a work tree, so nothing a person edits locally
/// (or half-writes) is ever reconciled.
/// </summary>
internal sealed class GitSource(StateHome home, GitCredentials credentials)
{
    private const string RemoteName = "origin";

    public GitCredentials Credentials => credentials;

    public Task<GitSnapshot> FetchAsync(RepositoryLocation location, string? gitRef, CancellationToken cancellationToken) =>
        FetchAsync(location, gitRef, null, cancellationToken);

    /// <summary>With credentials of this fleet's own; null uses the process's.</summary>
    public Task<GitSnapshot> FetchAsync(RepositoryLocation location, string? gitRef, GitCredentials? fleetCredentials, CancellationToken cancellationToken) =>
        Task.Run(() => Fetch(location, gitRef, fleetCredentials ?? credentials, cancellationToken), cancellationToken);

    /// <summary>The bare clone's path (created on first fetch).</summary>
    public string ClonePath(RepositoryLocation location) => Path.Combine(home.Repositories, location.CacheKey);

    private GitSnapshot Fetch(RepositoryLocation location, string? gitRef, GitCredentials configured, CancellationToken cancellationToken)
    {
        // Credentials written into the URL win, as git itself would use them; either way they reach libgit2 through
        // the callback only, and the remote stored in the clone's config is the URL without them.
        var credentials = location.UrlCredentials ?? configured;
        var path = ClonePath(location);
        try
        {
            if (!Repository.IsValid(path))
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                Repository.Init(path, isBare: true);
                using var init = new Repository(path);
                init.Network.Remotes.Add(RemoteName, location.Url, "+refs/heads/*:refs/remotes/origin/*");
            }

            var repo = new Repository(path);
            try
            {
                var remote = repo.Network.Remotes[RemoteName];
                if (remote.Url != location.Url) repo.Network.Remotes.Update(RemoteName, r => r.Url = location.Url);
                var options = new FetchOptions
                {
                    CredentialsProvider = credentials.Handler,
                    Prune = true,
                    OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
                };
                Commands.Fetch(repo, RemoteName, ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], options, "gitopsfleet fetch");
                cancellationToken.ThrowIfCancellationRequested();

                var branch = gitRef ?? DefaultBranch(repo, credentials);
                var commit = Resolve(repo, branch)
                    ?? throw new GitSourceException($"{location.Display}: ref '{branch}' not found (branches: {string.Join(", ", repo.Branches.Where(b => b.IsRemote).Select(b => b.FriendlyName.Replace("origin/", "", StringComparison.Ordinal)).Order())})");
                return new GitSnapshot(repo, commit, branch) { Credentials = credentials };
            }
            catch
            {
                repo.Dispose();
                throw;
            }
        }
        catch (GitSourceException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex) when (ex is LibGit2SharpException or IOException or UnauthorizedAccessException)
        {
            if (cancellationToken.IsCancellationRequested) throw new OperationCanceledException(cancellationToken);
            throw new GitSourceException($"{location.Display}: cannot fetch: {credentials.Redact(configured.Redact(ex.Message))}", null);
        }
    }

    private static string DefaultBranch(Repository repo, GitCredentials credentials)
    {
        try
        {
            var remote = repo.Network.Remotes[RemoteName];
            var refs = credentials.Handler is { } handler ? repo.Network.ListReferences(remote, handler) : repo.Network.ListReferences(remote);
            var head = refs
                .OfType<SymbolicReference>()
                .FirstOrDefault(r => r.CanonicalName == "HEAD");
            if (head?.TargetIdentifier is { } target && target.StartsWith("refs/heads/", StringComparison.Ordinal))
            {
                return target["refs/heads/".Length..];
            }
        }
        catch (LibGit2SharpException)
        {
            // Some servers do not advertise HEAD's target; fall back to the usual names below.
        }
        foreach (var name in new[] { "main", "master", "trunk" })
        {
            if (repo.Refs[$"refs/remotes/origin/{name}"] is not null) return name;
        }
        return repo.Refs.Where(r => r.CanonicalName.StartsWith("refs/remotes/origin/", StringComparison.Ordinal))
            .Select(r => r.CanonicalName["refs/remotes/origin/".Length..]).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new GitSourceException("the repository has no branches");
    }

    private static Commit? Resolve(Repository repo, string gitRef)
    {
        foreach (var candidate in new[] { $"refs/remotes/origin/{gitRef}", $"refs/tags/{gitRef}", gitRef })
        {
            try
            {
                if (repo.Lookup(candidate) is { } obj)
                {
                    return obj.Peel<Commit>();
                }
            }
            catch (LibGit2SharpException)
            {
            }
        }
        return null;
    }
}
