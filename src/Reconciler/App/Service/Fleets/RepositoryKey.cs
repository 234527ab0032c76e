namespace GitOpsFleet.Reconciler.Service.Fleets;

/// <summary>
/// A repository as host and path, so a webhook's repository URL can be compared with a fleet's: the scheme,
/// user info, port, a trailing slash and a ".git" suffix do not count, the host and path do. Both compare
/// case-insensitively: the forges (GitHub, Gitea, GitLab) resolve repository paths without regard to case, and
/// a fleets.yaml written as "Ops/Mainnet" must keep matching the forge's "ops/mainnet".
/// </summary>
internal sealed record RepositoryKey(string Host, string Path)
{
    /// <summary>
    /// The key of an http(s), ssh, git or file URL, of scp-like "git@host:owner/name", or of a local path (empty
    /// host). Null for what names no repository on its own, such as "owner/name": without its host it would
    /// match the same owner and name on any forge.
    /// </summary>
    public static RepositoryKey? From(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var u = text.Trim();
        var scheme = u.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            if (!Uri.TryCreate(u, UriKind.Absolute, out var uri)) return null;
            return Make(uri.IsFile ? "" : uri.Host, Uri.UnescapeDataString(uri.AbsolutePath));
        }
        if (u.StartsWith('/')) return Make("", u);
        // scp-like: [user@]host:path, the host before the first ':' and no '/' before it.
        var colon = u.IndexOf(':', StringComparison.Ordinal);
        var slash = u.IndexOf('/', StringComparison.Ordinal);
        if (colon > 0 && (slash < 0 || colon < slash))
        {
            var host = u[..colon];
            var at = host.LastIndexOf('@');
            if (at >= 0) host = host[(at + 1)..];
            return host.Length == 0 ? null : Make(host, u[(colon + 1)..]);
        }
        return null;
    }

    public bool Matches(RepositoryKey other) =>
        string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && string.Equals(Path, other.Path, StringComparison.OrdinalIgnoreCase);

    private static RepositoryKey? Make(string host, string path)
    {
        var p = path.Trim().TrimEnd('/');
        if (p.EndsWith(".git", StringComparison.OrdinalIgnoreCase)) p = p[..^4].TrimEnd('/');
        p = p.TrimStart('/');
        return p.Length == 0 ? null : new RepositoryKey(host.ToLowerInvariant(), p);
    }
}
