namespace GitOpsFleet.Forges;

public enum ForgeErrorKind
{
    /// <summary>401: the token is missing, wrong or expired. Needs a person.</summary>
    Unauthorized,
    /// <summary>403 that is not a rate limit: the token lacks a permission. Needs a person.</summary>
    Forbidden,
    /// <summary>404: no such repository or pull request (or the token cannot see it).</summary>
    NotFound,
    /// <summary>422/409: a pull request for this branch already exists.</summary>
    AlreadyExists,
    /// <summary>422 for another reason: the forge refused the request's content.</summary>
    Invalid,
    /// <summary>403/429 rate limit. Retry after <see cref="ForgeException.RetryAfter"/>.</summary>
    RateLimited,
    /// <summary>Connection refused, timeout, 5xx. Retry later.</summary>
    Unavailable,
    /// <summary>Anything else the forge answered.</summary>
    Failed,
}
