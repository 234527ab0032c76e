using Azure;
using Azure.Identity;
using Azure.ResourceManager.Compute;

namespace GitOpsFleet.Providers.Azure;

public sealed partial class AzureProvider
{
    /// <summary>Power states of an instance that cannot be signing: the machine is off (stopped) or released (deallocated).</summary>
    private static readonly HashSet<string> OffPowerStates = new(StringComparer.OrdinalIgnoreCase) { "PowerState/stopped", "PowerState/deallocated" };

    /// <summary>
    /// Doppelganger check for a replacement: the node is a scale set, so the old node is gone only if Resource Manager says
    /// the scale set does not exist, or every instance of it reports a power state of stopped or deallocated. An instance
    /// that is starting, stopping or deallocating, or reports no power state at all, may still sign; so may anything
    /// behind an error, which is why every answer other than those two counts as "still there".
    /// </summary>
    public async Task<string?> ConfirmGoneAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Settings(fleet) is not { } azure)
        {
            return Unconfirmed(action, $"fleet {fleet.Fleet} has no azure settings, so Azure cannot be asked whether node {action.Node} is gone");
        }
        var id = VirtualMachineScaleSetResource.CreateResourceIdentifier(azure.Subscription, azure.ResourceGroup, action.Node);
        var running = new List<string>();
        try
        {
            var scaleSet = Client(azure.Subscription).GetVirtualMachineScaleSetResource(id);
            // A scale set that Resource Manager lists but whose instances are all off is not gone, yet nothing of it signs.
            await foreach (var instance in scaleSet.GetVirtualMachineScaleSetVms().GetAllAsync(filter: null, select: null, expand: "instanceView", cancellationToken).ConfigureAwait(false))
            {
                var power = instance.Data.InstanceView?.Statuses
                    .Select(s => s.Code)
                    .FirstOrDefault(c => c is not null && c.StartsWith("PowerState/", StringComparison.OrdinalIgnoreCase));
                if (power is not null && OffPowerStates.Contains(power)) continue;
                running.Add($"{instance.Data.Name ?? instance.Data.InstanceId} ({power ?? "no power state reported"})");
            }
        }
        catch (RequestFailedException e) when (e.Status == 404 && AzureError.From(e).Code is "ResourceNotFound" or "ParentResourceNotFound" or "ResourceGroupNotFound")
        {
            // Only a missing resource proves it gone: a missing subscription or provider is a configuration error, not an answer.
            Log.GoneConfirmed(_logger, action.Node, "deleted");
            return null;
        }
        catch (RequestFailedException e)
        {
            var error = AzureError.From(e);
            return Unconfirmed(action, $"Azure could not say whether node {action.Node} (a scale set) is gone: {error} (HTTP {error.Status})");
        }
        catch (AuthenticationFailedException e)
        {
            return Unconfirmed(action, $"Azure sign-in failed, so it cannot say whether node {action.Node} is gone: {e.Message}");
        }
        if (running.Count > 0)
        {
            return Unconfirmed(action, $"node {action.Node} (a scale set) still has instances that may run: {string.Join(", ", running)}");
        }
        Log.GoneConfirmed(_logger, action.Node, "no instance running");
        return null;
    }

    private string Unconfirmed(PlannedAction action, string reason)
    {
        Log.GoneUnconfirmed(_logger, action.Node, reason);
        return reason;
    }
}
