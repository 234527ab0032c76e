using System.Diagnostics;

namespace GitOpsFleet.Reconciler.Telemetry;

/// <summary>
/// The one source every span of the program comes from. Here, below every other area, so Git and the pipeline can
/// both start spans without depending on each other.
/// </summary>
internal static class SpanSource
{
    public const string Name = "GitOpsFleet.Reconciler";

    public static ActivitySource Source { get; } = new(Name, typeof(SpanSource).Assembly.GetName().Version?.ToString());
}
