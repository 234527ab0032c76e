namespace GitOpsFleet.Providers.Ansible.Secrets;

/// <summary>
/// Replaces every known secret value in a text. Applied where Ansible's output is first read, so no
/// result, drift line, log line or report built afterwards can carry a secret.
/// </summary>
internal sealed class SecretRedactor
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string> secrets)
    {
        // Longest first, so a secret that contains another is masked whole.
        _secrets = secrets
            .Where(s => !string.IsNullOrWhiteSpace(s))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static SecretRedactor None { get; } = new([]);

    public bool IsEmpty => _secrets.Length == 0;

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal)) text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        return text;
    }

    public string? RedactOrNull(string? text) => text is null ? null : Redact(text);
}
