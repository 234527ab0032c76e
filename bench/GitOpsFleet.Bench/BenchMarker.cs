namespace GitOpsFleet.Bench;

/// <summary>Anchor type so Program can find this assembly's benchmarks.</summary>
public static class BenchMarker;
