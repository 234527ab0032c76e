using System.Globalization;
using System.Text.Json.Nodes;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>A pull request as the API serves it (the run record's shape, written by <see cref="Reports.ReportParts"/>).</summary>
internal static class Json
{
    public static JsonObject PullRequest(PullRequestRecord pr) => new()
    {
        ["id"] = pr.Id,
        ["fleet"] = pr.Fleet,
        ["forge"] = pr.Forge,
        ["branch"] = pr.Branch,
        ["base"] = pr.BaseRef,
        ["title"] = pr.Title,
        ["state"] = pr.State.ToString().ToLowerInvariant(),
        ["fingerprint"] = pr.Fingerprint,
        ["head"] = pr.HeadCommit,
        ["run"] = pr.RunId,
        ["url"] = pr.Url,
        ["createdAt"] = pr.CreatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ["updatedAt"] = pr.UpdatedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
    };
}
