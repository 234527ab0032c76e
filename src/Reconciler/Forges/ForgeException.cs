namespace GitOpsFleet.Forges;

/// <summary>
/// A forge call that did not succeed. <see cref="Retryable"/> follows Flux's split: true means "try again later"
/// (rate limit, forge down), false means a person must act (token, permissions, repository name). Messages are
/// redacted before they get here: they never contain the token.
/// </summary>
public sealed class ForgeException : Exception
{
    public ForgeException(ForgeErrorKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public ForgeErrorKind Kind { get; }

    public int? StatusCode { get; }

    /// <summary>How long the forge asked us to wait, when it said so.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool Retryable => Kind is ForgeErrorKind.RateLimited or ForgeErrorKind.Unavailable;
}
