using GitOpsFleet.Model;
using GitOpsFleet.Scripting.Metrics;

namespace GitOpsFleet.Scripting;

/// <summary>One evaluation: <paramref name="Path"/> is the script's path in the repository (used in diagnostics only).</summary>
public sealed record ScalingScriptRequest(string Path, string Source, PoolSpec Pool, int Current, IMetricsSource Metrics);
