using System.Text.Json;

namespace GitOpsFleet.Reconciler.Service.Webhooks;

/// <summary>
/// What a push delivery says, whichever forge sent it: the ref, the new commit, the repository's URLs, and the forge
/// user who caused it (<see cref="Sender"/>, what the audit log names).
/// </summary>
internal sealed record PushEvent(string? Fleet, string? Ref, string? Commit, IReadOnlyList<string?> RepositoryUrls)
{
    /// <summary>The forge's login of who pushed: GitHub's and Gitea's sender.login (pusher as a fallback), GitLab's user_username.</summary>
    public string? Sender { get; init; }

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
            return new PushEvent(null, Str(root, "ref"), Str(root, "after"), urls) { Sender = ForgeSender(root) };
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
            return new PushEvent(null, Str(root, "ref"), Str(root, "after") ?? Str(root, "checkout_sha"), PullRequestEvent.GitLabUrls(root))
            {
                Sender = Str(root, "user_username") ?? Str(root, "user_name"),
            };
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
            return new PushEvent(Str(root, "fleet"), Str(root, "ref"), Str(root, "commit") ?? Str(root, "after"), [Str(root, "repository")]) { Sender = Str(root, "sender") };
        }
        catch (Exception e) when (IsBadJson(e))
        {
            return null;
        }
    }

    /// <summary>
    /// GitHub and Gitea/Forgejo name the user in sender.login (Gitea also sender.username); the push's pusher is the
    /// fallback (GitHub's pusher has only a name, Gitea's a login and a username).
    /// </summary>
    internal static string? ForgeSender(JsonElement root)
    {
        foreach (var (objectName, fields) in new[] { ("sender", new[] { "login", "username" }), ("pusher", new[] { "login", "username", "name" }) })
        {
            if (!root.TryGetProperty(objectName, out var user) || user.ValueKind != JsonValueKind.Object) continue;
            if (fields.Select(f => Str(user, f)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) is { } login) return login;
        }
        return null;
    }

    /// <summary>
    /// JsonDocument checks a string's UTF-8 only when it is read, so invalid bytes in a string surface from GetString
    /// as InvalidOperationException: bad JSON all the same, refused like a parse error.
    /// </summary>
    internal static bool IsBadJson(Exception e) => e is JsonException or InvalidOperationException;

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
