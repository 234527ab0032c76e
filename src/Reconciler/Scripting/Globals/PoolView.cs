using GitOpsFleet.Providers.Model;

namespace GitOpsFleet.Scripting.Globals;

/// <summary>A read-only view of the pool for scripts: plain values only, so nothing in it leads anywhere else.</summary>
public sealed class PoolView
{
    internal PoolView(PoolSpec spec)
    {
        Name = spec.Name;
        Labels = new Dictionary<string, string>(spec.Labels, StringComparer.Ordinal);
        Provider = spec.Provider;
        Region = spec.Region ?? "";
        Min = spec.Replicas.Min;
        Max = spec.Replicas.Max;
        Software = spec.Software.Name;
        Version = spec.Software.Version;
    }

    public string Name { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public string Provider { get; }

    public string Region { get; }

    /// <summary>replicas.min: the result is clamped to it.</summary>
    public int Min { get; }

    /// <summary>replicas.max: the result is clamped to it.</summary>
    public int Max { get; }

    /// <summary>The client, e.g. geth.</summary>
    public string Software { get; }

    public string Version { get; }

    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
