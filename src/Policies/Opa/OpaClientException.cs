namespace GitOpsFleet.Policies.Opa;

/// <summary>
/// The server could not give a decision. Callers fail closed: no decision means deny.
/// <see cref="Transient"/> says whether a later run may succeed (timeouts, 5xx, 429).
/// </summary>
public sealed class OpaClientException(string message, bool transient, int? statusCode, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;

    public int? StatusCode { get; } = statusCode;

    /// <summary>How many requests were tried before giving up.</summary>
    public int Attempts { get; init; } = 1;
}
