using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Forges;

/// <summary>
/// Reads a forge token named by <c>forge.tokenEnv</c> or <c>forge.tokenFile</c> (a path on the service's machine,
/// never a file in the fleet repository). The value only ever goes into an HTTP header or a git credential.
/// </summary>
internal static class ForgeToken
{
    public static string? Read(ForgeSettings settings, Func<string, string?> environment)
    {
        if (settings.TokenEnv is { Length: > 0 } name && environment(name) is { Length: > 0 } fromEnv) return fromEnv.Trim();
        if (settings.TokenFile is { Length: > 0 } file && File.Exists(file))
        {
            var text = File.ReadAllText(file).Trim();
            if (text.Length > 0) return text;
        }
        return null;
    }

    /// <summary>Where the token was looked for, for an error message (names, never values).</summary>
    public static string Sources(ForgeSettings settings)
    {
        var sources = new List<string>();
        if (settings.TokenEnv is { Length: > 0 } name) sources.Add($"environment variable {name}");
        if (settings.TokenFile is { Length: > 0 } file) sources.Add($"file {file}");
        return sources.Count == 0 ? "nowhere (set forge.tokenEnv or forge.tokenFile)" : string.Join(" or ", sources);
    }
}
