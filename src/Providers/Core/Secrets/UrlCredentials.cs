namespace GitOpsFleet.Providers.Secrets;

/// <summary>
/// A repository URL split into the part that may be stored, logged and shown, and the credentials it carried.
/// Accepts any scheme case, takes the user information up to the last <c>@</c> before the host, and leaves
/// scp-like <c>user@host:path</c> forms as they are (they hold a user name, never a password).
/// </summary>
public sealed record UrlCredentials(string Url, string? Username, string? Password)
{
    public bool HasCredentials => Username is not null || Password is not null;

    /// <summary>The secret values to mask in any text: the password, and a lone user name (often a token).</summary>
    public IEnumerable<string> Secrets =>
        Password is { Length: > 0 } p ? [p] : Username is { Length: > 0 } u && !IsSsh ? [u] : [];

    /// <summary>SSH URLs keep their user name in <see cref="Url"/>.</summary>
    public bool IsSsh { get; private init; }

    public static UrlCredentials Parse(string url)
    {
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return new UrlCredentials(url, null, null);
        var scheme = url[..schemeEnd];
        var authorityStart = schemeEnd + 3;
        var pathStart = url.IndexOf('/', authorityStart);
        var authority = pathStart < 0 ? url[authorityStart..] : url[authorityStart..pathStart];
        var at = authority.LastIndexOf('@');
        if (at < 0) return new UrlCredentials(url, null, null);

        var info = authority[..at];
        var colon = info.IndexOf(':', StringComparison.Ordinal);
        var user = Uri.UnescapeDataString(colon < 0 ? info : info[..colon]);
        var password = colon < 0 ? null : Uri.UnescapeDataString(info[(colon + 1)..]);
        var ssh = scheme.Contains("ssh", StringComparison.OrdinalIgnoreCase);
        // SSH keeps its user in the URL: the server needs it, and it is not a secret.
        var kept = ssh ? $"{scheme}://{(colon < 0 ? info : info[..colon])}@" : $"{scheme}://";
        var rest = url[(authorityStart + at + 1)..];
        return new UrlCredentials(kept + rest, user.Length == 0 ? null : user, password) { IsSsh = ssh };
    }
}
