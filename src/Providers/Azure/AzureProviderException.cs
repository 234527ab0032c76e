namespace GitOpsFleet.Providers.Azure;

/// <summary>Observe could not list the fleet's scale sets; <see cref="ErrorCode"/> is Azure's own (AuthorizationFailed, ...).</summary>
public sealed class AzureProviderException : Exception
{
    public AzureProviderException(string message, string errorCode, int status, bool isTransient, Exception? inner = null)
        : base(message, inner)
    {
        ErrorCode = errorCode;
        Status = status;
        IsTransient = isTransient;
    }

    public string ErrorCode { get; }

    /// <summary>HTTP status, 0 when no response arrived.</summary>
    public int Status { get; }

    /// <summary>True for throttling and server faults that outlasted the retries: the next run may succeed.</summary>
    public bool IsTransient { get; }
}
