namespace GitOpsFleet.Forges;

/// <summary>
/// A comment on a pull (or merge) request as the forge reports it. <see cref="Author"/> is the account's login
/// (GitHub and Gitea <c>user.login</c>, GitLab <c>author.username</c>): the forge vouches for it, the body does not.
/// </summary>
public sealed record ForgeComment(long Id, string Author, string Body, DateTimeOffset? CreatedAt);
