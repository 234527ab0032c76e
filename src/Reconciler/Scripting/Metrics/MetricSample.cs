namespace GitOpsFleet.Scripting.Metrics;

/// <summary>One series' value at one instant. Scripts see these through <c>Metrics.QueryAll</c>.</summary>
public sealed record MetricSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
