using GitOpsFleet.Providers;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// Takes the place of a provider the demo leaves out: it answers "not available, and why", so every run skips its
/// pools with that reason, as it would on a machine without the tool. It never observes or applies anything.
/// </summary>
internal sealed class LeftOutOfDemo(string name, string reason) : IInfrastructureProvider
{
    public string Name => name;

    public ValueTask<ProviderAvailability> CheckAvailabilityAsync(FleetScope fleet, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProviderAvailability.Unavailable(reason));

    public Task<IReadOnlyList<ObservedNode>> ObserveAsync(FleetScope fleet, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ObservedNode>>([]);

    public Task<ActionResult> ApplyAsync(PlannedAction action, FleetScope fleet, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"provider {name} is left out of the demo and applies nothing");
}
