namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// A named API token as the store keeps it: the SHA-256 of the token (lower-case hex), never the token. A revoked
/// token keeps its row, so its name stays taken and every audit entry that names it keeps meaning one token.
/// </summary>
public sealed record ApiTokenRecord(
    string Name,
    string Hash,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}
