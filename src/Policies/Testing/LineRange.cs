namespace GitOpsFleet.Policies.Testing;

/// <summary>Consecutive source rows, first and last included (OPA's <c>{"start":{"row":..},"end":{"row":..}}</c>).</summary>
public sealed class LineRange(int start, int end)
{
    public int Start { get; } = start;

    public int End { get; } = end;

    public int Lines => End - Start + 1;
}
