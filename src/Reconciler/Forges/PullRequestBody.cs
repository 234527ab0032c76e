using System.Globalization;

namespace GitOpsFleet.Forges;

/// <summary>Fits a body into a forge's limit, keeping whole lines and saying where the rest can be read.</summary>
public static class PullRequestBody
{
    public const int GitHubLimit = 65_536;

    /// <summary>GitLab refuses descriptions over 1,048,576 characters.</summary>
    public const int GitLabLimit = 1_048_576;

    /// <summary>Gitea and Forgejo document no limit (the column is a long text); this keeps pages readable.</summary>
    public const int GiteaLimit = 262_144;

    public static string Fit(string body, int limit, string? fullBodyLocation)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length <= limit) return body;
        var note = string.Create(CultureInfo.InvariantCulture,
            $"\n\n---\n_This description was cut to the forge's limit of {limit} characters. {(fullBodyLocation is null ? "The full text is in the pull request's files." : "The full text is " + fullBodyLocation + ".")}_\n");
        var room = Math.Max(0, limit - note.Length);
        var cut = body.LastIndexOf('\n', Math.Max(0, room - 1));
        if (cut <= 0) cut = room;
        // Never split a surrogate pair: the forge would reject or mangle the body.
        if (cut > 0 && char.IsHighSurrogate(body[cut - 1])) cut--;
        return string.Concat(body.AsSpan(0, cut), note);
    }
}
