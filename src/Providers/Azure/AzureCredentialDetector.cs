using System.Text.Json;

namespace GitOpsFleet.Providers.Azure;

/// <summary>
/// Says, without a network call, whether <c>DefaultAzureCredential</c> has anything to work with. Asking
/// for a token would be exact but slow (managed identity probes time out) and would talk to Entra ID
/// just to decide whether to skip a pool. Environment and home directory are injected for tests.
/// </summary>
internal sealed class AzureCredentialDetector
{
    private readonly Func<string, string?> _environment;
    private readonly string? _home;

    public AzureCredentialDetector(Func<string, string?> environment, string? home)
    {
        _environment = environment;
        _home = home;
    }

    public static AzureCredentialDetector ForThisProcess() =>
        new(Environment.GetEnvironmentVariable, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The credential source found (for the log), or null with <paramref name="reason"/> saying what was looked for.</summary>
    public string? Detect(out string reason)
    {
        reason = "";
        bool Has(string name) => !string.IsNullOrWhiteSpace(_environment(name));

        if (Has("AZURE_CLIENT_ID") && Has("AZURE_TENANT_ID"))
        {
            if (Has("AZURE_CLIENT_SECRET")) return "service principal secret (AZURE_CLIENT_SECRET)";
            if (Has("AZURE_CLIENT_CERTIFICATE_PATH")) return "service principal certificate (AZURE_CLIENT_CERTIFICATE_PATH)";
            if (Has("AZURE_FEDERATED_TOKEN_FILE")) return "workload identity (AZURE_FEDERATED_TOKEN_FILE)";
        }
        if (Has("IDENTITY_ENDPOINT") || Has("MSI_ENDPOINT")) return "managed identity (IDENTITY_ENDPOINT/MSI_ENDPOINT)";

        // On a plain Azure VM managed identity has no environment variable (it is the instance metadata
        // endpoint), so the operator says so with the variable DefaultAzureCredential itself reads.
        var selected = _environment("AZURE_TOKEN_CREDENTIALS")?.Trim();
        if (string.Equals(selected, "ManagedIdentityCredential", StringComparison.OrdinalIgnoreCase)
            || string.Equals(selected, "prod", StringComparison.OrdinalIgnoreCase))
        {
            return $"managed identity (AZURE_TOKEN_CREDENTIALS={selected})";
        }

        if (AzureCliProfileHasSubscriptions()) return "Azure CLI login (az login)";

        reason = "no Azure credentials are configured: set AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET "
            + "(or AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_FEDERATED_TOKEN_FILE for workload identity), run on Azure with "
            + "a managed identity (IDENTITY_ENDPOINT, or AZURE_TOKEN_CREDENTIALS=ManagedIdentityCredential on a VM), or run 'az login'";
        return null;
    }

    private bool AzureCliProfileHasSubscriptions()
    {
        var configDir = _environment("AZURE_CONFIG_DIR");
        if (string.IsNullOrWhiteSpace(configDir))
        {
            if (string.IsNullOrEmpty(_home)) return false;
            configDir = Path.Combine(_home, ".azure");
        }
        var profile = Path.Combine(configDir, "azureProfile.json");
        if (!File.Exists(profile)) return false;
        try
        {
            // az writes this file with a byte order mark; ReadAllText drops it.
            using var document = JsonDocument.Parse(File.ReadAllText(profile));
            return document.RootElement.TryGetProperty("subscriptions", out var subscriptions)
                && subscriptions.ValueKind == JsonValueKind.Array
                && subscriptions.GetArrayLength() > 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return false;
        }
    }
}
