using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitOpsFleet.Reconciler.Pipeline.Reports;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>
/// A hash of everything observe read that the steps after it depend on: the nodes as the run record shows them, the
/// providers that were unavailable, the last-applied records, the fleet's latest drift pull request, and nodes of
/// former fleet names. Equal keys (with an equal commit) mean desired, plan and policy would come out the same.
/// </summary>
internal static class ObservedKey
{
    public static string Of(RunContext context)
    {
        var reported = context.Reported;
        // The report's own serializer gives the nodes a stable text; the rest is written out in a fixed order.
        var observed = new RunReport
        {
            Observed = reported.Observed,
            UnavailableProviders = reported.UnavailableProviders,
            FormerFleets = reported.FormerFleets,
            PullRequestReview = reported.PullRequestReview,
        };
        var text = new StringBuilder(JsonSerializer.Serialize(observed, RunReportJson.Default.RunReport));
        foreach (var (node, applied) in context.Applied.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append(node).Append('\t').Append(applied.Software).Append('\t').Append(applied.Version).Append('\t')
                .Append(applied.Consensus).Append('\t').Append(applied.Size).Append('\t').Append(applied.Capacity).Append('\t')
                .Append(applied.ManualReplacement);
            foreach (var (key, value) in applied.Labels.OrderBy(l => l.Key, StringComparer.Ordinal)) text.Append('\t').Append(key).Append('=').Append(value);
        }
        if (context.Review is { } review) text.Append("\npr\t").Append(review.Id).Append('\t').Append(review.State).Append('\t').Append(review.Fingerprint);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
