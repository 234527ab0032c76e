using GitOpsFleet.Model;

namespace GitOpsFleet.Scripting.Globals;

/// <summary>A read-only view of the pool for scripts: plain values only, so nothing in it leads anywhere else.</summary>
public sealed class PoolView
{
    internal PoolView(PoolSpec spec)
        : this(spec.Name, spec.Labels, spec.Provider, spec.Region ?? "", spec.Replicas.Min, spec.Replicas.Max, spec.Software.Name, spec.Software.Version)
    {
    }

    internal PoolView(string name, IReadOnlyDictionary<string, string> labels, string provider, string region, int min, int max, string software, string version)
    {
        Name = name;
        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal);
        Provider = provider;
        Region = region;
        Min = min;
        Max = max;
        Software = software;
        Version = version;
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
