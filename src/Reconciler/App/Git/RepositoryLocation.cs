using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using GitOpsFleet.Providers.Secrets;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>
/// A fleet repository as given on the command line: a local path, a file:// URL or a remote URL. Credentials given
/// in the URL are split off at parse time: <see cref="Url"/> and <see cref="Display"/> never hold them, so nothing
/// that stores, logs or shows a location can leak them; <see cref="UrlCredentials"/> reaches git only as a
/// credential at fetch time.
/// </summary>
internal sealed partial record RepositoryLocation(string Url, string Display)
{
    /// <summary>Credentials that were written into the URL, if any; used by fetch, never stored or shown.</summary>
    public GitCredentials? UrlCredentials { get; private init; }

    public static RepositoryLocation Parse(string repo)
    {
        if (string.IsNullOrWhiteSpace(repo)) throw new ArgumentException("a repository is required", nameof(repo));
        if (repo.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return new RepositoryLocation(repo, repo);
        }
        if (repo.Contains("://", StringComparison.Ordinal))
        {
            var split = Providers.Secrets.UrlCredentials.Parse(repo);
            // SSH keeps its user in the URL and authenticates with keys: only other schemes carry credentials.
            var credentials = split.IsSsh && split.Password is null ? null : GitCredentials.FromUrl(split);
            return new RepositoryLocation(split.Url, split.Url) { UrlCredentials = credentials };
        }
        if (ScpLike().IsMatch(repo))
        {
            // user@host:path names an SSH user and never a password: it is kept as written.
            return new RepositoryLocation(repo, repo);
        }
        var full = Path.GetFullPath(repo);
        return new RepositoryLocation(full, full);
    }

    /// <summary>A stable folder name for this repository's clone under the state home.</summary>
    public string CacheKey
    {
        get
        {
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Url)))[..16];
            var name = NonWord().Replace(Path.GetFileNameWithoutExtension(Url.TrimEnd('/')), "-");
            return $"{name}-{hash}";
        }
    }

    /// <summary>Never prints credentials (a record's generated ToString would list every property).</summary>
    public override string ToString() => Display;

    [GeneratedRegex(@"^[^\s/@:]+@[^\s/:]+:")]
    private static partial Regex ScpLike();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex NonWord();
}
