using System.Text.Json;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// What a pull (merge) request delivery says, whichever forge sent it: whether it ended (merged or closed
/// without merge), its head branch and the repository's URLs.
/// </summary>
internal sealed record PullRequestEvent(PullRequestOutcome Outcome, string Action, string? HeadRef, IReadOnlyList<string?> RepositoryUrls)
{
    /// <summary>The forge's login of who merged or closed it: GitHub's and Gitea's sender.login, GitLab's user.username.</summary>
    public string? Sender { get; init; }

    /// <summary>GitHub and Gitea/Forgejo: action "closed" with pull_request.merged telling merge from close; head.ref; repository.*.</summary>
    public static PullRequestEvent? FromGitHubPayload(ReadOnlySpan<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var action = Str(root, "action") ?? "";
            string? head = null;
            var merged = false;
            if (root.TryGetProperty("pull_request", out var pr) && pr.ValueKind == JsonValueKind.Object)
            {
                if (pr.TryGetProperty("head", out var h) && h.ValueKind == JsonValueKind.Object) head = Str(h, "ref");
                merged = pr.TryGetProperty("merged", out var m) && m.ValueKind == JsonValueKind.True;
            }
            var outcome = action == "closed" ? (merged ? PullRequestOutcome.Merged : PullRequestOutcome.Closed) : PullRequestOutcome.Other;
            return new PullRequestEvent(outcome, action, head, Urls(root, "repository", "clone_url", "html_url", "ssh_url", "git_url", "full_name", "url"))
            {
                Sender = PushEvent.ForgeSender(root),
            };
        }
        catch (Exception e) when (PushEvent.IsBadJson(e))
        {
            return null;
        }
    }

    /// <summary>GitLab's Merge Request Hook: object_attributes.{action: merge | close | ..., source_branch}; project.*.</summary>
    public static PullRequestEvent? FromGitLabPayload(ReadOnlySpan<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string action = "", head = "";
            if (root.TryGetProperty("object_attributes", out var attrs) && attrs.ValueKind == JsonValueKind.Object)
            {
                action = Str(attrs, "action") ?? "";
                head = Str(attrs, "source_branch") ?? "";
            }
            var outcome = action switch
            {
                "merge" => PullRequestOutcome.Merged,
                "close" => PullRequestOutcome.Closed,
                _ => PullRequestOutcome.Other,
            };
            string? user = null;
            if (root.TryGetProperty("user", out var u) && u.ValueKind == JsonValueKind.Object) user = Str(u, "username") ?? Str(u, "name");
            return new PullRequestEvent(outcome, action, head.Length == 0 ? null : head, GitLabUrls(root)) { Sender = user };
        }
        catch (Exception e) when (PushEvent.IsBadJson(e))
        {
            return null;
        }
    }

    /// <summary>The repository URLs of a GitLab payload (project, and the older repository object).</summary>
    public static IReadOnlyList<string?> GitLabUrls(JsonElement root) =>
    [
        .. Urls(root, "project", "git_http_url", "git_ssh_url", "web_url", "path_with_namespace", "http_url", "ssh_url"),
        .. Urls(root, "repository", "git_http_url", "git_ssh_url", "homepage", "url"),
    ];

    private static List<string?> Urls(JsonElement root, string objectName, params string[] names)
    {
        var urls = new List<string?>();
        if (root.TryGetProperty(objectName, out var repo) && repo.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in names)
            {
                if (repo.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) urls.Add(v.GetString());
            }
        }
        return urls;
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
