namespace GitOpsFleet.Providers.Local;

/// <summary>Event ids of the local provider: the range 4100-4199.</summary>
internal static class LocalEventIds
{
    public const int NodeStarting = 4100;
    public const int NodeStarted = 4101;
    public const int NodeStartFailed = 4102;
    public const int NodeAdopted = 4103;
    public const int NodeDeleted = 4104;
    public const int NodeKilled = 4105;
    public const int FleetStopped = 4106;
    public const int ActionFailed = 4107;
}
