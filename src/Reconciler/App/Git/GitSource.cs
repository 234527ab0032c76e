using System.Collections.Concurrent;
using GitOpsFleet.Reconciler.State;
using LibGit2Sharp;
using GitOpsFleet.Reconciler.Telemetry;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>
/// Keeps a bare clone of each fleet repository under the state home and resolves a ref to one
/// commit. Runs read the commit's tree, never a work tree, so nothing a person edits locally
/// (or half-writes) is ever reconciled.
/// </summary>
internal sealed class GitSource(StateHome home, GitCredentials credentials)
{
    private const string RemoteName = "origin";

    /// <summary>The default for <see cref="FetchTimeout"/>: a slow remote has a minute; a stalled one is given up on.</summary>
    public static readonly TimeSpan DefaultFetchTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Fetches given up on that have not ended yet, by clone path. libgit2 has no deadline of its own and cannot be
    /// interrupted while it waits on a socket, so a stalled fetch is abandoned, not stopped: its thread ends when the
    /// server does. Until then no second fetch goes into the same clone, so one stalled server costs one thread.
    /// </summary>
    private readonly ConcurrentDictionary<string, Task<GitSnapshot>> _abandoned = new(StringComparer.Ordinal);

    /// <summary>How long one fetch (listing the remote included) may take before the run gives up on it.</summary>
    public TimeSpan FetchTimeout { get; init; } = DefaultFetchTimeout;

    public GitCredentials Credentials => credentials;

    public Task<GitSnapshot> FetchAsync(RepositoryLocation location, string? gitRef, CancellationToken cancellationToken) =>
        FetchAsync(location, gitRef, null, cancellationToken);

    /// <summary>With credentials of this fleet's own; null uses the process's.</summary>
    public async Task<GitSnapshot> FetchAsync(RepositoryLocation location, string? gitRef, GitCredentials? fleetCredentials, CancellationToken cancellationToken)
    {
        using var span = ChildSpans.Start("git.fetch", TelemetryTags.Repository, location.Display);
        span?.SetTag(TelemetryTags.Ref, gitRef);
        try
        {
            var snapshot = await FetchWithinDeadlineAsync(location, gitRef, fleetCredentials ?? credentials, cancellationToken).ConfigureAwait(false);
            span?.SetTag(TelemetryTags.Commit, snapshot.Commit);
            return snapshot;
        }
        catch (Exception ex) when (ChildSpans.Failed(span, ex))
        {
            throw;
        }
    }

    private async Task<GitSnapshot> FetchWithinDeadlineAsync(RepositoryLocation location, string? gitRef, GitCredentials configured, CancellationToken cancellationToken)
    {
        var path = ClonePath(location);
        if (_abandoned.TryGetValue(path, out var earlier) && !earlier.IsCompleted)
            throw new GitSourceException($"{location.Display}: timed out: an earlier fetch, given up on after {FetchTimeout.TotalSeconds:0.#} s, has still had no answer from the server");
        var fetch = Task.Run(() => Fetch(location, gitRef, configured, cancellationToken), cancellationToken);
        try
        {
            return await fetch.WaitAsync(FetchTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _abandoned[path] = fetch;
            _ = fetch.ContinueWith(done =>
            {
                if (done.IsCompletedSuccessfully) done.Result.Dispose();
                _abandoned.TryRemove(new KeyValuePair<string, Task<GitSnapshot>>(path, done));
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw new GitSourceException($"{location.Display}: timed out after {FetchTimeout.TotalSeconds:0.#} s waiting for the server; nothing was fetched");
        }
    }

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
                if (remote.Url != location.Url)
                {
                    repo.Network.Remotes.Update(RemoteName, r => r.Url = location.Url);
                    remote = repo.Network.Remotes[RemoteName];
                }
                var options = new FetchOptions
                {
                    CredentialsProvider = credentials.Handler,
                    Prune = true,
                    OnTransferProgress = _ => !cancellationToken.IsCancellationRequested,
                };
                // One listing of the remote says both which branch is its default and whether that branch moved: most of a
                // service's runs find it where the clone has it already, and then there is nothing to fetch.
                var advertised = ListRemote(repo, remote, credentials);
                var wanted = gitRef ?? FollowedDefault(repo, advertised);
                if (wanted is null || advertised is null || !AlreadyFetched(repo, advertised, wanted))
                {
                    Commands.Fetch(repo, RemoteName, ["+refs/heads/*:refs/remotes/origin/*", "+refs/tags/*:refs/tags/*"], options, "gitopsfleet fetch");
                }
                cancellationToken.ThrowIfCancellationRequested();

                var branch = wanted ?? DefaultBranch(repo);
                // The fetch prunes, so a branch deleted on the server is gone from the clone too: nothing of its old tip is read.
                var commit = Resolve(repo, branch)
                    ?? throw new GitSourceException($"{location.Display}: ref '{branch}' not found on the server (deleted, renamed or never pushed; branches: {string.Join(", ", repo.Branches.Where(b => b.IsRemote).Select(b => b.FriendlyName.Replace("origin/", "", StringComparison.Ordinal)).Order())}); nothing is read or applied until it is pushed again or the fleet names another ref", missingRef: branch);
                if (gitRef is null) RememberDefault(repo, branch);
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

    /// <summary>The remote's references, or null when it cannot be listed (the fetch then reports why).</summary>
    private static IReadOnlyList<Reference>? ListRemote(Repository repo, Remote remote, GitCredentials credentials)
    {
        try
        {
            return (credentials.Handler is { } handler ? repo.Network.ListReferences(remote, handler) : repo.Network.ListReferences(remote)).ToList();
        }
        catch (LibGit2SharpException)
        {
            return null;
        }
    }

    /// <summary>
    /// The remote's default branch, or the one this clone followed last. A server whose default branch was deleted stops
    /// advertising HEAD; guessing another branch then would reconcile a different fleet, so the remembered one is asked
    /// for and the run stalls naming it. Null on a first fetch from a server that does not say: the usual names are tried.
    /// </summary>
    private static string? FollowedDefault(Repository repo, IReadOnlyList<Reference>? advertised) =>
        HeadOf(advertised) ?? (advertised is null ? null : repo.Config.Get<string>(DefaultBranchKey)?.Value);

    /// <summary>Kept however the branch was found: over smart HTTP libgit2 does not say which branch HEAD names, so it was guessed.</summary>
    private static void RememberDefault(Repository repo, string branch)
    {
        if (repo.Config.Get<string>(DefaultBranchKey)?.Value != branch) repo.Config.Set(DefaultBranchKey, branch);
    }

    private const string DefaultBranchKey = "gitopsfleet.defaultBranch";

    /// <summary>The branch the remote's HEAD names; null when it advertises none (some servers do not).</summary>
    private static string? HeadOf(IReadOnlyList<Reference>? advertised) =>
        advertised?.OfType<SymbolicReference>().FirstOrDefault(r => r.CanonicalName == "HEAD")?.TargetIdentifier is { } target
            && target.StartsWith("refs/heads/", StringComparison.Ordinal) ? target["refs/heads/".Length..] : null;

    /// <summary>Whether the clone's copy of branch <paramref name="branch"/> is already at the commit the remote advertises.</summary>
    private static bool AlreadyFetched(Repository repo, IReadOnlyList<Reference> advertised, string branch) =>
        advertised.FirstOrDefault(r => r.CanonicalName == $"refs/heads/{branch}") is DirectReference remote
        && repo.Refs[$"refs/remotes/origin/{branch}"]?.TargetIdentifier is { } local
        && string.Equals(local, remote.TargetIdentifier, StringComparison.OrdinalIgnoreCase);

    /// <summary>The usual names, when the remote did not say which branch is its default.</summary>
    private static string DefaultBranch(Repository repo)
    {
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
