namespace GitOpsFleet.Policies.Testing;

/// <summary>One file's coverage: the rows evaluation reached and the rule heads and literals it never did.</summary>
public sealed class FileCoverage(IReadOnlyList<LineRange> covered, IReadOnlyList<LineRange> notCovered)
{
    public IReadOnlyList<LineRange> Covered { get; } = covered;

    public IReadOnlyList<LineRange> NotCovered { get; } = notCovered;

    public int CoveredLines => Covered.Sum(r => r.Lines);

    public int NotCoveredLines => NotCovered.Sum(r => r.Lines);

    /// <summary>Percentage of the counted rows that were covered; 0 when nothing is counted.</summary>
    public double Coverage => CoveredLines + NotCoveredLines == 0 ? 0 : 100.0 * CoveredLines / (CoveredLines + NotCoveredLines);
}
