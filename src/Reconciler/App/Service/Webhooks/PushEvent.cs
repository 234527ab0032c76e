using System.Text.Json;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>What a push delivery says, whichever forge sent it: the ref, the new commit and the repository's URLs.</summary>
internal sealed record PushEvent(string? Fleet, string? Ref, string? Commit, IReadOnlyList<string?> RepositoryUrls)
{
    /// <summary>GitHub and Gitea share the push payload's shape: ref, after, repository.{clone_url, html_url, ssh_url, full_name}.</summary>
    public static PushEvent? FromForgePayload(ReadOnlySpan<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var urls = new List<string?>();
            if (root.TryGetProperty("repository", out var repo) && repo.ValueKind == JsonValueKind.Object)
            {
                foreach (var name in new[] { "clone_url", "html_url", "ssh_url", "git_url", "full_name", "url" })
                {
                    if (repo.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) urls.Add(v.GetString());
                }
            }
            return new PushEvent(null, Str(root, "ref"), Str(root, "after"), urls);
        }
        catch (Exception e) when (IsBadJson(e))
        {
            return null;
        }
    }

    /// <summary>GitLab's Push Hook: ref, after (checkout_sha when after is absent), project.* and repository.* URLs.</summary>
    public static PushEvent? FromGitLabPayload(ReadOnlySpan<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            return new PushEvent(null, Str(root, "ref"), Str(root, "after") ?? Str(root, "checkout_sha"), PullRequestEvent.GitLabUrls(root));
        }
        catch (Exception e) when (IsBadJson(e))
        {
            return null;
        }
    }

    /// <summary>The generic hook: {"fleet": "...", "ref": "refs/heads/main", "commit": "..."} (fleet may instead be a ?fleet= query).</summary>
    public static PushEvent? FromGenericPayload(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return new PushEvent(null, null, null, []);
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            return new PushEvent(Str(root, "fleet"), Str(root, "ref"), Str(root, "commit") ?? Str(root, "after"), [Str(root, "repository")]);
        }
        catch (Exception e) when (IsBadJson(e))
        {
            return null;
        }
    }

    /// <summary>
    /// JsonDocument checks a string's UTF-8 only when it is read, so invalid bytes in a string surface from GetString
    /// as InvalidOperationException: bad JSON all the same, refused like a parse error.
    /// </summary>
    internal static bool IsBadJson(Exception e) => e is JsonException or InvalidOperationException;

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
