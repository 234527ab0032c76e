namespace GitOpsFleet.Forges;

/// <summary>
/// Removes a token from text that may reach a log, a run record or an exception. Forges echo request details
/// in error bodies, and a proxy may echo headers, so every message built from a response goes through this.
/// </summary>
public sealed class SecretRedactor(string? secret)
{
    public const string Mask = "***";

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        if (string.IsNullOrEmpty(secret)) return text;
        return text.Replace(secret, Mask, StringComparison.Ordinal);
    }
}
