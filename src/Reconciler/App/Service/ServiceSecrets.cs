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

    /// <summary>
    /// The SHA-256 of the --api-token-file token, or null: the token itself is not kept, and
    /// <see cref="Access.TokenAuthenticator"/> compares hashes so the token's length does not leak either.
    /// </summary>
    public byte[]? ConfiguredTokenHash { get; } = apiToken is null ? null : SHA256.HashData(apiToken);

    public static byte[]? Read(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : Encoding.UTF8.GetBytes(text);
    }
}
