namespace GitOpsFleet.Scripting.Metrics;

/// <summary>One line of a /metrics page; <see cref="Labels"/> include the node's <c>instance</c> label.</summary>
internal sealed record ScrapedSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    /// <summary>Name and labels in a stable order, so one series is recognised across scrapes.</summary>
    public string SeriesKey { get; } = Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value)) + "}";
}
