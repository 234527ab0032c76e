namespace GitOpsFleet.Providers.Ansible;

/// <summary>Event ids of the ansible provider: the 6100-6199 range.</summary>
internal static class AnsibleEventIds
{
    public const int PlaybookStarting = 6100;
    public const int PlaybookFinished = 6101;
    public const int PlaybookTimedOut = 6102;
    public const int HostUnreachable = 6103;
    public const int HostFailed = 6104;
    public const int PlaybookWithoutResult = 6105;
    public const int InventoryFailed = 6106;
    public const int RunCancelled = 6107;
    public const int JsonCallbackFound = 6108;
    public const int GoneConfirmed = 6109;
    public const int GoneUnconfirmed = 6110;
}
