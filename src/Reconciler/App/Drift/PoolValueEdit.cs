namespace GitOpsFleet.Reconciler.Drift;

/// <summary>One value of a pool file changed to accept a drift: <c>pools/rpc.yaml spec.software.version 1.14.12 -> 1.14.13</c>.</summary>
internal sealed record PoolValueEdit(string Pool, string File, string YamlPath, string From, string To)
{
    public override string ToString() => $"{File} {YamlPath}: {From} -> {To}";
}
