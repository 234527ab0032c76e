using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GitOpsFleet.Reconciler.Service.Access;

/// <summary>
/// Making and hashing API tokens. A token is 32 random bytes, so its plain SHA-256 is all the store needs: a slow
/// hash (bcrypt, Argon2) only helps against guessing low-entropy passwords, and 2^256 candidates cannot be tried
/// however fast each try is. The configured --api-token-file token may be weaker, but it is never stored.
/// </summary>
internal static partial class ApiTokens
{
    /// <summary>Tells a GitOpsFleet token apart in a secret scanner or a leaked log, without saying anything about it.</summary>
    public const string Prefix = "gof_";

    public static string Create() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token.Trim()));

    public static string HashHex(string token) => Convert.ToHexStringLower(Hash(token));

    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && name != ApiCaller.ConfiguredTokenName;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,62}$")]
    private static partial Regex NamePattern();
}
