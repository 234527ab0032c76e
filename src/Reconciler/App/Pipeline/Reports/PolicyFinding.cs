using System.Text;

namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// One deny or warn of the policy gate. The record stores each as the line the gate wrote
/// (<c>plan: pool rpc: too many nodes [high]</c>); this reads stage, pool and severity back out of it.
/// Findings that are not about one stage (a policy that does not compile) have no stage.
/// </summary>
internal sealed record PolicyFinding(string? Stage, string Kind, string? Pool, string? Severity, string Message)
{
    public const string DenyKind = "deny";
    public const string WarnKind = "warn";

    // The stages the gate evaluates, in its order; only these are read as a stage prefix.
    private static readonly string[] KnownStages = ["admission", "plan"];

    public static PolicyFinding Parse(string text, string kind)
    {
        var rest = text;
        string? stage = null, pool = null, severity = null;
        foreach (var s in KnownStages)
        {
            if (!rest.StartsWith(s + ": ", StringComparison.Ordinal)) continue;
            stage = s;
            rest = rest[(s.Length + 2)..];
            break;
        }
        if (rest.StartsWith("pool ", StringComparison.Ordinal) && rest.IndexOf(": ", 5, StringComparison.Ordinal) is > 0 and var colon)
        {
            pool = rest[5..colon];
            rest = rest[(colon + 2)..];
        }
        if (rest.EndsWith(']') && rest.LastIndexOf(" [", StringComparison.Ordinal) is >= 0 and var open && rest.IndexOf(']', open) == rest.Length - 1)
        {
            severity = rest[(open + 2)..^1];
            rest = rest[..open];
        }
        var finding = new PolicyFinding(stage, kind, pool, severity, rest);
        // Only a reading that prints back to the same line is kept, so a stored record never changes by being read.
        return finding.ToString() == text ? finding : new PolicyFinding(null, kind, null, null, text);
    }

    /// <summary>The line as the policy gate writes it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Stage is not null) sb.Append(Stage).Append(": ");
        if (Pool is not null) sb.Append("pool ").Append(Pool).Append(": ");
        sb.Append(Message);
        if (Severity is not null) sb.Append(" [").Append(Severity).Append(']');
        return sb.ToString();
    }
}
