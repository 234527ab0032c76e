using Azure.Core;
using Azure.Core.Pipeline;

namespace GitOpsFleet.Providers.Azure;

/// <summary>
/// How the Azure provider reaches Resource Manager. Bind from configuration ("Providers:Azure") for the
/// plain values; <see cref="CredentialFactory"/> and <see cref="Transport"/> are code-only seams.
/// </summary>
public sealed class AzureProviderOptions
{
    /// <summary>The public cloud's Resource Manager endpoint and token audience.</summary>
    public static readonly Uri PublicCloudEndpoint = new("https://management.azure.com/");

    /// <summary>Resource Manager endpoint; null for the public cloud. Set it for a sovereign cloud (or a test endpoint).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Token audience; null means the endpoint itself (right for public and sovereign clouds).</summary>
    public string? Audience { get; set; }

    /// <summary>
    /// Creates the credential once per provider. Null means <c>DefaultAzureCredential</c>. Setting it also
    /// tells the availability check that the host chose its credential, so no environment detection is done.
    /// </summary>
    public Func<TokenCredential>? CredentialFactory { get; set; }

    /// <summary>HTTP transport (proxies, tests that pin a certificate). Null means the SDK's default.</summary>
    public HttpPipelineTransport? Transport { get; set; }

    /// <summary>Retries of one request on 408, 429, 500, 502, 503, 504 and broken connections (the SDK's retry policy).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>First back-off delay; it doubles per retry. A longer Retry-After from Azure wins.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one HTTP request (not of a long-running operation).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>How long one apply (request plus long-running operation polling) may take before it is reported as Retry.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Polling interval of long-running operations; null lets Azure's Retry-After (or the SDK's default) decide.</summary>
    public TimeSpan? PollingInterval { get; set; }

    /// <summary>Admin user of the scale set's Linux machines.</summary>
    public string AdminUsername { get; set; } = "fleetadmin";

    /// <summary>OpenSSH public key for <see cref="AdminUsername"/>. Azure refuses a Linux scale set without a key or password.</summary>
    public string? SshPublicKey { get; set; }

    /// <summary>
    /// Subnet the machines join, as a resource id with placeholders {subscription}, {resourceGroup}, {fleet},
    /// {pool}, {location}. Azure refuses a scale set without a network profile, so real use needs it.
    /// </summary>
    public string? SubnetIdTemplate { get; set; }

    /// <summary>Scale set upgrade mode (Manual, Automatic, Rolling): how a model change (image, version) reaches running machines.</summary>
    public string UpgradeMode { get; set; } = "Manual";

    /// <summary>Extra <c>machine.image</c> aliases ("name" → "Publisher:Offer:Sku:Version"), consulted before the built-in ones.</summary>
    public IDictionary<string, string> ImageAliases { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every problem at once, so the host can refuse to start and list them.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (Endpoint is { } endpoint && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"Endpoint must be https (Azure's SDK sends no bearer token over http): {endpoint}");
        }
        if (MaxRetries < 0) problems.Add("MaxRetries must be 0 or more.");
        if (RetryDelay < TimeSpan.Zero) problems.Add("RetryDelay must not be negative.");
        if (MaxRetryDelay < RetryDelay) problems.Add("MaxRetryDelay must be at least RetryDelay.");
        if (NetworkTimeout <= TimeSpan.Zero) problems.Add("NetworkTimeout must be positive.");
        if (OperationTimeout <= TimeSpan.Zero) problems.Add("OperationTimeout must be positive.");
        if (PollingInterval is { } poll && poll <= TimeSpan.Zero) problems.Add("PollingInterval must be positive when set.");
        if (string.IsNullOrWhiteSpace(AdminUsername)) problems.Add("AdminUsername must be set.");
        if (UpgradeMode is not ("Manual" or "Automatic" or "Rolling")) problems.Add($"UpgradeMode must be Manual, Automatic or Rolling, not '{UpgradeMode}'.");
        foreach (var (alias, urn) in ImageAliases)
        {
            if (MarketplaceImages.ParseUrn(urn) is null) problems.Add($"ImageAliases['{alias}'] is not Publisher:Offer:Sku:Version: '{urn}'.");
        }
        return problems;
    }
}
