namespace GitOpsFleet.Scripting.Metrics;

/// <summary>One scrape of one node's /metrics page.</summary>
internal sealed record NodeScrape(string Instance, DateTimeOffset Time, IReadOnlyList<ScrapedSample> Samples);
