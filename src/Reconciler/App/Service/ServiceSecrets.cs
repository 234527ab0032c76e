using System.Security.Cryptography;
using System.Text;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>The webhook secrets (one per forge kind) and the API token, read once from their files at start. Never logged, never served.</summary>
internal sealed class ServiceSecrets(IReadOnlyDictionary<string, byte[]> webhookSecrets, byte[]? apiToken)
{
    /// <summary>
    /// Each hook's own secret; --webhook-secret-file stands in for the HMAC hooks (github, gitea, generic) that
    /// name none, never for GitLab, whose token travels in clear text and so must not be anyone's signing key.
    /// </summary>
    public static ServiceSecrets Load(ServiceOptions options) => new(WebhookSecretFiles(options)
        .Select(kv => (kv.Key, Secret: Read(kv.Value)))
        .Where(x => x.Secret is not null)
        .ToDictionary(x => x.Key, x => x.Secret!, StringComparer.Ordinal), Read(options.ApiTokenFile));

    /// <summary>The secret file of each hook (by its name in /hooks/NAME), where one is configured.</summary>
    public static IReadOnlyDictionary<string, string> WebhookSecretFiles(ServiceOptions options)
    {
        var hooks = options.Webhooks;
        var files = new Dictionary<string, string?>
        {
            ["github"] = hooks.GitHubSecretFile ?? options.WebhookSecretFile,
            ["gitea"] = hooks.GiteaSecretFile ?? options.WebhookSecretFile,
            ["gitlab"] = hooks.GitLabTokenFile,
            ["generic"] = hooks.GenericSecretFile ?? options.WebhookSecretFile,
        };
        return files.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value!, StringComparer.Ordinal);
    }

    /// <summary>The secret of /hooks/<paramref name="hook"/>, or null: then every delivery to it is refused.</summary>
    public byte[]? WebhookSecret(string hook) => webhookSecrets.GetValueOrDefault(hook);

    /// <summary>Checks `Authorization: Bearer TOKEN` in constant time (hashing both first so their lengths do not leak either).</summary>
    public bool IsAuthorized(string? authorization)
    {
        if (apiToken is null || string.IsNullOrEmpty(authorization)) return false;
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        return IsApiToken(authorization[scheme.Length..]);
    }

    /// <summary>Checks a token typed as it is (the dashboard's approval form) in constant time, as <see cref="IsAuthorized"/> does.</summary>
    public bool IsApiToken(string? token)
    {
        if (apiToken is null || string.IsNullOrWhiteSpace(token)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));
        var expected = SHA256.HashData(apiToken);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    public bool HasApiToken => apiToken is not null;

    public static byte[]? Read(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : Encoding.UTF8.GetBytes(text);
    }
}
