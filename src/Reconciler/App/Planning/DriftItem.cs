namespace GitOpsFleet.Reconciler.Planning;

public enum DriftKind
{
    /// <summary>A node the provider started is gone (died or killed).</summary>
    Missing,
    /// <summary>A node carries the fleet's identity but Git does not know it (started by hand).</summary>
    Unknown,
    /// <summary>A value differs from Git (version, size, tag, capacity) and the service did not cause it.</summary>
    Changed,
}

/// <summary>
/// One out-of-band difference. <see cref="Expected"/> is what Git says, <see cref="Observed"/> what the provider sees.
/// <see cref="Repaired"/> marks a node that died and that this run replaced: still reported (a node died, which a
/// person should know), but no longer outstanding.
/// </summary>
public sealed record DriftItem(
    DriftKind Kind,
    string Pool,
    string Node,
    string Field,
    string? Expected,
    string? Observed,
    string Message,
    DateTimeOffset? Since = null,
    bool Repaired = false)
{
    public string Key => $"{Kind}|{Pool}|{Node}|{Field}|{Observed}{(Repaired ? "|repaired" : "")}";
}
