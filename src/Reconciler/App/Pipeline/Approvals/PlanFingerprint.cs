using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Planning;

namespace GitOpsFleet.Reconciler.Pipeline.Approvals;

/// <summary>
/// What an approval is given to: a commit and the exact actions planned from it. Two runs that plan the same
/// actions from the same commit have the same fingerprint, so an approval given to one applies at the next;
/// anything else (a new commit, a node that died or came back) gives another fingerprint and the approval lapses.
/// </summary>
public sealed record PlanFingerprint(string Commit, string PlanHash, IReadOnlyList<string> Actions)
{
    /// <summary>The stored and printed form: the commit, then the hash of the canonical plan.</summary>
    public string Value => $"{Commit}:{PlanHash}";

    public static PlanFingerprint Of(string commit, Plan plan)
    {
        var lines = plan.Actions.Select(Canonical).Order(StringComparer.Ordinal).ToList();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', lines)));
        return new PlanFingerprint(commit, Convert.ToHexStringLower(hash), plan.Actions.Select(Describe).ToList());
    }

    /// <summary>How an action reads in a lapsed approval's difference: its kind and node.</summary>
    public static string Describe(PlannedAction action) => $"{action.Kind.ToString().ToLowerInvariant()} {action.Pool}/{action.Node}";

    /// <summary>
    /// Everything that makes an action do what it does: a replacement with another version is another action.
    /// Observed values are left out on purpose, so a node whose uptime changed keeps the plan's fingerprint.
    /// </summary>
    private static string Canonical(PlannedAction action)
    {
        var spec = action.Desired is { } d ? NodeSpecRecord.Of(d) : null;
        var labels = spec is null ? "" : string.Join(',', spec.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        return string.Join('\t', action.Kind.ToString(), action.Pool, action.Node, action.Provider, spec?.Software ?? "", spec?.Version ?? "",
            spec?.Consensus ?? "", spec?.Size ?? "", spec?.Capacity.ToString(CultureInfo.InvariantCulture) ?? "", labels);
    }
}
