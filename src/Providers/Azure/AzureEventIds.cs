namespace GitOpsFleet.Providers.Azure;

/// <summary>Event ids of the Azure provider: range 6200-6299 (see docs/logging.md).</summary>
internal static class AzureEventIds
{
    public const int Unavailable = 6200;
    public const int CredentialSource = 6201;
    public const int Observed = 6210;
    public const int ObserveFailed = 6211;
    public const int ApplyStarted = 6220;
    public const int ApplySucceeded = 6221;
    public const int ApplyRefused = 6222;
    public const int ApplyTransient = 6223;
    public const int ApplyTimedOut = 6224;
    public const int GoneConfirmed = 6230;
    public const int GoneUnconfirmed = 6231;
}
