using Azure;
using Azure.Core;
using Azure.Identity;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Azure;

public sealed partial class AzureProvider
{
    /// <summary>
    /// Create, Update and Replace all PUT the scale set's full model (a capacity change included) and wait for
    /// the long-running operation; a scale set replaces its own dead instances, so Replace needs no delete.
    /// Delete deletes and waits. Azure's refusals come back as Failed with its own code and message.
    /// </summary>
    public async Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        if (Settings(fleet) is not { } azure)
        {
            return ActionResult.Failure(action, $"fleet {fleet.Fleet} has no azure settings (subscription, resourceGroup)", _time.GetElapsedTime(started));
        }

        using var timeout = new CancellationTokenSource(_options.OperationTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Log.ApplyStarted(_logger, action.Kind, action.Node, action.Pool);
        try
        {
            var result = action.Kind == ActionKind.Delete
                ? await DeleteAsync(action, azure, started, linked.Token).ConfigureAwait(false)
                : await PutAsync(action, fleet, azure, started, linked.Token).ConfigureAwait(false);
            if (result.Outcome == ActionOutcome.Succeeded)
            {
                Log.ApplySucceeded(_logger, action.Kind, action.Node, (long)result.Duration.TotalMilliseconds);
            }
            return result;
        }
        catch (RequestFailedException e)
        {
            var error = AzureError.From(e);
            var verb = action.Kind == ActionKind.Delete ? "delete" : "create or update";
            if (error.IsTransient)
            {
                Log.ApplyTransient(_logger, action.Kind, action.Node, error.Code, error.Status);
                return new ActionResult(action, ActionOutcome.Retry,
                    $"Azure could not {verb} scale set {action.Node} after {_options.MaxRetries} retries: {error}",
                    null, _time.GetElapsedTime(started), error.Details());
            }
            Log.ApplyRefused(_logger, action.Kind, action.Node, error.Code, error.Status, error.RequestId);
            return ActionResult.Failure(action, $"Azure refused to {verb} scale set {action.Node}: {error}", _time.GetElapsedTime(started), error.Details());
        }
        catch (AuthenticationFailedException e)
        {
            return ActionResult.Failure(action, $"Azure sign-in failed: {e.Message}", _time.GetElapsedTime(started), ["azure.code: AuthenticationFailed"]);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The operation may still finish in Azure; the next run observes whatever it left.
            Log.ApplyTimedOut(_logger, action.Kind, action.Node, _options.OperationTimeout);
            return new ActionResult(action, ActionOutcome.Retry,
                $"{action.Kind} of scale set {action.Node} did not finish within {_options.OperationTimeout}; the next run looks again",
                null, _time.GetElapsedTime(started), []);
        }
    }

    private async Task<ActionResult> PutAsync(PlannedAction action, FleetScope fleet, AzureSettings azure, long started, CancellationToken cancellationToken)
    {
        if (action.Desired is not { } desired)
        {
            return ActionResult.Failure(action, $"{action.Kind} of {action.Node} carries no desired node", _time.GetElapsedTime(started));
        }
        var pool = fleet.Pools.FirstOrDefault(p => p.Name == desired.Pool) ?? fleet.Spec?.Pools.FirstOrDefault(p => p.Name == desired.Pool);
        if (_model.Build(desired, pool, azure, out var problems) is not { } data)
        {
            return ActionResult.Failure(action, string.Join("; ", problems), _time.GetElapsedTime(started), problems);
        }

        var operation = await ResourceGroup(azure).GetVirtualMachineScaleSets()
            .CreateOrUpdateAsync(WaitUntil.Started, desired.Name, data, cancellationToken).ConfigureAwait(false);
        var response = _options.PollingInterval is { } interval
            ? await operation.WaitForCompletionAsync(DelayStrategy.CreateFixedDelayStrategy(interval), cancellationToken).ConfigureAwait(false)
            : await operation.WaitForCompletionAsync(cancellationToken).ConfigureAwait(false);
        var node = _model.Observe(response.Value.Data, fleet.Fleet, fleet.Pools);
        var verb = action.Kind switch { ActionKind.Create => "created", ActionKind.Replace => "replaced", _ => "updated" };
        return ActionResult.Success(action, $"scale set {desired.Name} {verb}: {desired.Machine.Size} x {desired.Capacity} in {data.Location}", node, _time.GetElapsedTime(started));
    }

    private async Task<ActionResult> DeleteAsync(PlannedAction action, AzureSettings azure, long started, CancellationToken cancellationToken)
    {
        var id = VirtualMachineScaleSetResource.CreateResourceIdentifier(azure.Subscription, azure.ResourceGroup, action.Node);
        ArmOperation operation;
        try
        {
            operation = await Client(azure.Subscription).GetVirtualMachineScaleSetResource(id)
                .DeleteAsync(WaitUntil.Started, forceDeletion: null, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return ActionResult.Success(action, $"scale set {action.Node} was already gone", null, _time.GetElapsedTime(started));
        }
        if (_options.PollingInterval is { } interval)
        {
            await operation.WaitForCompletionResponseAsync(DelayStrategy.CreateFixedDelayStrategy(interval), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await operation.WaitForCompletionResponseAsync(cancellationToken).ConfigureAwait(false);
        }
        return ActionResult.Success(action, $"scale set {action.Node} deleted", null, _time.GetElapsedTime(started));
    }
}
