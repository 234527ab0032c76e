namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// Ethereum mainnet's wall clock: slots of 12 s from the beacon genesis, and execution blocks
/// counted from the merge, so a simulated head is close to the real one on any day.
/// </summary>
internal static class ChainClock
{
    public const long BeaconGenesisUnixSeconds = 1606824023;
    public const int SecondsPerSlot = 12;
    public const int SlotsPerEpoch = 32;

    // The merge: execution block 15537394 was proposed in slot 4700013.
    private const long MergeBlock = 15537394;
    private const long MergeSlot = 4700013;

    // About one slot in a hundred is missed, so blocks trail slots slightly.
    private const double BlocksPerSlot = 0.99;

    public static long SlotAt(DateTimeOffset now) =>
        Math.Max(0, (now.ToUnixTimeSeconds() - BeaconGenesisUnixSeconds) / SecondsPerSlot);

    public static long BlockAt(DateTimeOffset now) =>
        MergeBlock + (long)((SlotAt(now) - MergeSlot) * BlocksPerSlot);
}
