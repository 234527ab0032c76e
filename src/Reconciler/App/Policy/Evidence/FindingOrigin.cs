namespace GitOpsFleet.Reconciler.Policy.Evidence;

/// <summary>
/// The rule a finding came from, read back from the line the policy gate wrote:
/// <c>plan: pool rpc: too many nodes [high] (rule data.fleet.plan.deny in policies/fleet/plan.rego)</c>.
/// A finding with no origin (a query that timed out, policies that do not compile) is the stage's own: it is
/// counted under the stage's query with the finding's kind, or under <c>STAGE (evaluation)</c> when the stage
/// named no query.
/// </summary>
internal static class FindingOrigin
{
    private const string Opening = " (rule ";

    /// <summary>What the gate appends to each finding; <see cref="Read"/> takes it off again, so the two cannot drift apart.</summary>
    public static string Suffix(string rule, string? file) => file is null ? $"{Opening}{rule})" : $"{Opening}{rule} in {file})";

    public static (string Rule, string? File, string Message) Read(string line, string kind, string? stageQuery, string stage)
    {
        var message = line.StartsWith(stage + ": ", StringComparison.Ordinal) ? line[(stage.Length + 2)..] : line;
        var open = message.LastIndexOf(Opening, StringComparison.Ordinal);
        if (open >= 0 && message.EndsWith(')'))
        {
            var origin = message[(open + Opening.Length)..^1];
            var inAt = origin.IndexOf(" in ", StringComparison.Ordinal);
            var rule = inAt < 0 ? origin : origin[..inAt];
            if (rule.Length > 0 && !rule.Contains(' ', StringComparison.Ordinal))
            {
                return (rule, inAt < 0 ? null : origin[(inAt + 4)..], message[..open]);
            }
        }
        return (stageQuery is { Length: > 0 } q ? $"{q}.{kind}" : $"{stage} (evaluation)", null, message);
    }
}
