using GitOpsFleet.Providers.Secrets;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Providers.Secrets;

/// <summary>
/// The one place that removes secrets from text that may reach a log, a run record, an API response, the dashboard
/// or an exception: every known secret value (tokens, passwords), and the credentials in any URL the text holds,
/// whatever the case of its scheme. Providers, forges and the service all redact through this, so a fix here
/// reaches every output.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = secrets
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Select(s => s!)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public SecretRedactor(string? secret)
        : this([secret])
    {
    }

    /// <summary>Knows no secret values, but still removes URL credentials.</summary>
    public static SecretRedactor None { get; } = new(Array.Empty<string>());

    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>This redactor plus more secret values.</summary>
    public SecretRedactor With(IEnumerable<string?> secrets) => new(_secrets.Concat(secrets));

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return RedactUrls(text);
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);

    /// <summary>
    /// Removes the credentials of every <c>scheme://userinfo@</c> in a text. The user information runs to the
    /// last <c>@</c> before the host's end, so an <c>@</c> inside a password cannot leave its tail behind. SSH URLs
    /// keep their user name (it is not a secret, and says which key is used); every other scheme loses the whole
    /// user information, because HTTPS hosts accept a token as the user name.
    /// </summary>
    public static string RedactUrls(string text) =>
        text.Contains("://", StringComparison.Ordinal) ? UrlUserInfo().Replace(text, StripMatch) : text;

    private static string StripMatch(Match m)
    {
        var scheme = m.Groups["scheme"].Value;
        if (!IsSsh(scheme)) return scheme + "://";
        var user = m.Groups["info"].Value;
        var colon = user.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? m.Value : $"{scheme}://{user[..colon]}@";
    }

    private static bool IsSsh(string scheme) =>
        scheme.Equals("ssh", StringComparison.OrdinalIgnoreCase) || scheme.Equals("git+ssh", StringComparison.OrdinalIgnoreCase)
        || scheme.Equals("ssh+git", StringComparison.OrdinalIgnoreCase);

    // Greedy up to the last '@' before a '/', whitespace or quote: that is where a URL parser ends the authority.
    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?<info>[^\s/""'<>]*)@", RegexOptions.CultureInvariant)]
    private static partial Regex UrlUserInfo();
}
