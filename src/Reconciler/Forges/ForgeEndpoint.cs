namespace GitOpsFleet.Forges;

/// <summary>
/// Where a forge's API is and which repository the pull requests go to. <see cref="ApiBase"/> is the REST base:
/// <c>https://api.github.com/</c> or <c>https://host/api/v3</c> (GitHub Enterprise Server), <c>https://host/api/v1</c>
/// (Gitea, Forgejo), <c>https://host/api/v4</c> (GitLab). <see cref="Repository"/> is <c>owner/name</c>; for GitLab
/// a project path (<c>group/sub/project</c>) or a numeric id.
/// </summary>
public sealed record ForgeEndpoint(string Kind, Uri ApiBase, string Repository, string Token)
{
    /// <summary>Never prints the token.</summary>
    public override string ToString() => $"{Kind} {ApiBase} {Repository}";
}
