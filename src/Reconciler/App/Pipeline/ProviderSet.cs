using GitOpsFleet.Providers;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>The providers this process knows, by name.</summary>
internal sealed class ProviderSet(IEnumerable<IInfrastructureProvider> providers)
{
    private readonly Dictionary<string, IInfrastructureProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<IInfrastructureProvider> All => _byName.Values;

    /// <summary>Names a pool may use: the providers registered here plus the ones this build knows but that are not configured.</summary>
    public IReadOnlyList<string> KnownNames => _byName.Keys.Concat(["local", "ansible", "azure"]).Distinct(StringComparer.Ordinal).ToList();

    public IInfrastructureProvider? Find(string name) => _byName.GetValueOrDefault(name);
}
