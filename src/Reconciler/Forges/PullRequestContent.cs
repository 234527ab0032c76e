namespace GitOpsFleet.Forges;

/// <summary>
/// What a pull request says. <see cref="FullBodyLocation"/> names where the whole text can be read (the report
/// file on the branch); it is what a body cut to the forge's limit points to.
/// </summary>
public sealed record PullRequestContent(string HeadBranch, string BaseBranch, string Title, string Body, string? FullBodyLocation = null);
