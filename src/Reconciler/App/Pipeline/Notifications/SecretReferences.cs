using GitOpsFleet.Model;

namespace GitOpsFleet.Reconciler.Pipeline.Notifications;

/// <summary>
/// A <see cref="SecretReference"/> as a delivery row keeps it (<c>env:NAME</c>, <c>file:PATH</c>), and its value, read
/// when sending: a rotated secret is picked up by the next delivery, and no value is ever stored.
/// </summary>
internal static class SecretReferences
{
    public static string Format(SecretReference reference) => reference.Env is { } env ? "env:" + env : "file:" + reference.File;

    /// <summary>The value, or null with a reason that names the place, never the value.</summary>
    public static string? Read(string reference, Func<string, string?> environment, out string? problem)
    {
        problem = null;
        if (reference.StartsWith("env:", StringComparison.Ordinal))
        {
            var name = reference[4..];
            var value = environment(name);
            if (string.IsNullOrWhiteSpace(value)) problem = $"environment variable {name} is not set";
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }
        var path = reference.StartsWith("file:", StringComparison.Ordinal) ? reference[5..] : reference;
        try
        {
            var text = File.ReadAllText(path).Trim();
            if (text.Length == 0) problem = $"file {path} is empty";
            return text.Length == 0 ? null : text;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"file {path} cannot be read ({ex.GetType().Name})";
            return null;
        }
    }
}
