using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Reconciler.Git;

/// <summary>A fleet repository as given on the command line: a local path, a file:// URL or an http(s):// URL.</summary>
internal sealed partial record RepositoryLocation(string Url, string Display)
{
    public static RepositoryLocation Parse(string repo)
    {
        if (string.IsNullOrWhiteSpace(repo)) throw new ArgumentException("a repository is required", nameof(repo));
        if (repo.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || repo.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || repo.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase) || repo.StartsWith("git://", StringComparison.OrdinalIgnoreCase))
        {
            return new RepositoryLocation(repo, StripUserInfo(repo));
        }
        if (repo.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
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
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(StripUserInfo(Url))))[..16];
            var name = NonWord().Replace(Path.GetFileNameWithoutExtension(StripUserInfo(Url).TrimEnd('/')), "-");
            return $"{name}-{hash}";
        }
    }

    /// <summary>Removes user:password@ from any URL inside the text, so errors never carry credentials.</summary>
    public static string StripUserInfo(string text) => UserInfo().Replace(text, "$1");

    [GeneratedRegex(@"((?:https?|ssh|git)://)[^/@\s]+@")]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"[^A-Za-z0-9_.-]")]
    private static partial Regex NonWord();
}
