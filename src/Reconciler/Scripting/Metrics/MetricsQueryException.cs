namespace GitOpsFleet.Scripting.Metrics;

/// <summary>A metrics query that could not be answered (bad query, source down, timeout). Scripts may catch it.</summary>
public sealed class MetricsQueryException : Exception
{
    public MetricsQueryException(string message) : base(message) { }

    public MetricsQueryException(string message, Exception inner) : base(message, inner) { }
}
