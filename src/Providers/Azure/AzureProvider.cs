using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using Azure.ResourceManager.Resources;
using GitOpsFleet.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitOpsFleet.Providers.Azure;

/// <summary>
/// Azure through Resource Manager: one virtual machine scale set per pool, named <c>&lt;fleet&gt;-&lt;pool&gt;</c>,
/// in the fleet's subscription and resource group. Capacity is the pool's replica count, so scaling is an
/// update of one node, not a create or delete per machine.
/// </summary>
public sealed partial class AzureProvider : IInfrastructureProvider
{
    public const string ProviderName = "azure";

    private readonly AzureProviderOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly AzureCredentialDetector _detector;
    private readonly ScaleSetModel _model;
    private readonly Lazy<TokenCredential> _credential;
    private readonly ConcurrentDictionary<string, ArmClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public AzureProvider(AzureProviderOptions options, ILogger<AzureProvider>? logger = null, TimeProvider? timeProvider = null)
        : this(options, AzureCredentialDetector.ForThisProcess(), logger, timeProvider)
    {
    }

    internal AzureProvider(AzureProviderOptions options, AzureCredentialDetector detector, ILogger<AzureProvider>? logger, TimeProvider? timeProvider)
    {
        var problems = options.Validate();
        if (problems.Count > 0) throw new ArgumentException("Invalid Azure provider options: " + string.Join(" ", problems), nameof(options));
        _options = options;
        _detector = detector;
        _logger = logger ?? NullLogger<AzureProvider>.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _model = new ScaleSetModel(options);
        _credential = new Lazy<TokenCredential>(() => options.CredentialFactory?.Invoke() ?? new DefaultAzureCredential(), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Name => ProviderName;

    public ValueTask<ProviderAvailability> CheckAvailabilityAsync(FleetScope fleet, CancellationToken cancellationToken)
    {
        if (Settings(fleet) is null)
        {
            return Unavailable(fleet, $"fleet {fleet.Fleet} has no azure settings: add azure: {{subscription: ..., resourceGroup: ...}} to fleet.yaml");
        }
        if (_options.CredentialFactory is null)
        {
            if (_detector.Detect(out var reason) is not { } source) return Unavailable(fleet, reason);
            Log.CredentialSource(_logger, fleet.Fleet, source);
        }
        return ValueTask.FromResult(ProviderAvailability.Available);
    }

    /// <summary>One node per pool: the scale set, with the replica count as its capacity.</summary>
    public ValueTask<IReadOnlyList<DesiredNode>> LayoutAsync(FleetScope fleet, PoolSpec pool, int replicas, CancellationToken cancellationToken)
    {
        IReadOnlyList<DesiredNode> nodes =
        [
            new DesiredNode(fleet.Fleet, pool.Name, ScaleSetModel.ScaleSetName(fleet.Fleet, pool.Name), pool.Provider, pool.Software, pool.Machine, pool.Labels, Math.Max(0, replicas)),
        ];
        return ValueTask.FromResult(nodes);
    }

    public async Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken)
    {
        if (Settings(fleet) is not { } azure) return [];
        var nodes = new List<ObservedNode>();
        try
        {
            // Resource Manager cannot filter scale sets by tag, so the fleet's tag is matched here.
            await foreach (var scaleSet in ResourceGroup(azure).GetVirtualMachineScaleSets().GetAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (_model.Observe(scaleSet.Data, fleet.Fleet, fleet.Pools) is { } node) nodes.Add(node);
            }
        }
        catch (RequestFailedException e) when (e.Status == 404 && AzureError.From(e).Code == "ResourceGroupNotFound")
        {
            // No resource group yet means no scale sets; creating one reports the missing group on the pool.
            // A missing subscription is a configuration error instead, and throws below.
            return [];
        }
        catch (RequestFailedException e)
        {
            var error = AzureError.From(e);
            Log.ObserveFailed(_logger, fleet.Fleet, error.Code, error.Status);
            throw new AzureProviderException(
                $"Listing the scale sets of fleet {fleet.Fleet} in resource group {azure.ResourceGroup} failed: {error}",
                error.Code, error.Status, error.IsTransient, e);
        }
        catch (AuthenticationFailedException e)
        {
            throw new AzureProviderException($"Azure sign-in failed for fleet {fleet.Fleet}: {e.Message}", "AuthenticationFailed", 0, false, e);
        }
        Log.Observed(_logger, nodes.Count, fleet.Fleet, azure.ResourceGroup);
        nodes.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return nodes;
    }

    private ValueTask<ProviderAvailability> Unavailable(FleetScope fleet, string reason)
    {
        Log.Unavailable(_logger, fleet.Fleet, reason);
        return ValueTask.FromResult(ProviderAvailability.Unavailable($"azure: {reason}"));
    }

    private static AzureSettings? Settings(FleetScope fleet) =>
        fleet.Spec?.Azure is { } azure && !string.IsNullOrWhiteSpace(azure.Subscription) && !string.IsNullOrWhiteSpace(azure.ResourceGroup)
            ? azure
            : null;

    private ResourceGroupResource ResourceGroup(AzureSettings azure) =>
        Client(azure.Subscription).GetResourceGroupResource(ResourceGroupResource.CreateResourceIdentifier(azure.Subscription, azure.ResourceGroup));

    private ArmClient Client(string subscription) => _clients.GetOrAdd(subscription, s =>
    {
        var options = new ArmClientOptions();
        if (_options.Endpoint is { } endpoint)
        {
            options.Environment = new ArmEnvironment(endpoint, _options.Audience ?? endpoint.GetLeftPart(UriPartial.Authority) + "/");
        }
        else if (_options.Audience is { } audience)
        {
            options.Environment = new ArmEnvironment(AzureProviderOptions.PublicCloudEndpoint, audience);
        }
        // The SDK's retry policy already honours Retry-After (and retry-after-ms) on 429 and 503 and backs
        // off exponentially otherwise, which is all a second layer (Polly) would add.
        options.Retry.MaxRetries = _options.MaxRetries;
        options.Retry.Delay = _options.RetryDelay;
        options.Retry.MaxDelay = _options.MaxRetryDelay;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.NetworkTimeout = _options.NetworkTimeout;
        if (_options.Transport is { } transport) options.Transport = transport;
        return new ArmClient(_credential.Value, s, options);
    });
}
