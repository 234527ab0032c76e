using System.Security.Cryptography;
using System.Text;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>HMAC-SHA256 over the raw request body, as GitHub (sha256=HEX) and Gitea (HEX) send it, and GitLab's shared token; all compared in constant time.</summary>
internal static class WebhookSignature
{
    public static bool IsValid(byte[] secret, ReadOnlySpan<byte> body, string? header, string prefix)
    {
        if (secret.Length == 0 || string.IsNullOrEmpty(header)) return false;
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = header.AsSpan(prefix.Length).Trim();
        if (hex.Length != 64) return false;
        Span<byte> given = stackalloc byte[32];
        try
        {
            if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != 32) return false;
        }
        catch (FormatException)
        {
            return false;
        }
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(secret, body, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// GitLab sends the shared secret itself (X-Gitlab-Token) rather than a signature. Both sides are hashed
    /// before the constant-time compare so neither the secret's length nor a common prefix leaks through timing.
    /// </summary>
    public static bool IsValidToken(byte[] secret, string? header)
    {
        if (secret.Length == 0 || string.IsNullOrEmpty(header)) return false;
        Span<byte> given = stackalloc byte[32];
        Span<byte> expected = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(header), given);
        SHA256.HashData(secret, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>The header value GitHub would send for this body (tests, benchmarks and docs).</summary>
    public static string GitHubHeader(string secret, byte[] body) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
