namespace GitOpsFleet.Providers.Azure;

/// <summary>Event ids of the Azure provider: range 6100-6199.</summary>
internal static class AzureEventIds
{
    public const int Unavailable = 6100;
    public const int CredentialSource = 6101;
    public const int Observed = 6110;
    public const int ObserveFailed = 6111;
    public const int ApplyStarted = 6120;
    public const int ApplySucceeded = 6121;
    public const int ApplyRefused = 6122;
    public const int ApplyTransient = 6123;
    public const int ApplyTimedOut = 6124;
}
