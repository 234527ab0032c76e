using System.Security.Cryptography;
using System.Text;

namespace GitOpsFleet.Reconciler.Service;

/// <summary>The webhook secret and API token, read once from their files at start. Never logged, never served.</summary>
internal sealed class ServiceSecrets(byte[]? webhookSecret, byte[]? apiToken)
{
    public byte[]? WebhookSecret { get; } = webhookSecret;

    public static ServiceSecrets Load(ServiceOptions options) => new(Read(options.WebhookSecretFile), Read(options.ApiTokenFile));

    /// <summary>Checks `Authorization: Bearer TOKEN` in constant time (hashing both first so their lengths do not leak either).</summary>
    public bool IsAuthorized(string? authorization)
    {
        if (apiToken is null || string.IsNullOrEmpty(authorization)) return false;
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        var expected = SHA256.HashData(apiToken);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    public bool HasApiToken => apiToken is not null;

    private static byte[]? Read(string? path)
    {
        if (string.IsNullOrEmpty(path) || !File.Exists(path)) return null;
        var text = File.ReadAllText(path).Trim();
        return text.Length == 0 ? null : Encoding.UTF8.GetBytes(text);
    }
}
