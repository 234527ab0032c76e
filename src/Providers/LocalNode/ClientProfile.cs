namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// How a simulated client behaves: its kind, the peer count it aims for (geth's default maxpeers is
/// 50, consensus clients keep 45-160), and how many requests per second one node serves before it
/// saturates. Unknown software still runs, with client-neutral metrics only.
/// </summary>
internal sealed record ClientProfile(string Name, ClientKind Kind, int PeerTarget, double CapacityRps, double IdleRps, double BaseLatencyMs)
{
    public static ClientProfile For(string software) => software.ToLowerInvariant() switch
    {
        "geth" => new("geth", ClientKind.Execution, 50, 200, 2, 4),
        "nethermind" => new("nethermind", ClientKind.Execution, 50, 220, 2, 4),
        "besu" => new("besu", ClientKind.Execution, 25, 150, 2, 6),
        "erigon" => new("erigon", ClientKind.Execution, 32, 250, 2, 3),
        "reth" => new("reth", ClientKind.Execution, 100, 300, 2, 3),
        "lighthouse" => new("lighthouse", ClientKind.Consensus, 100, 100, 1, 5),
        "prysm" => new("prysm", ClientKind.Consensus, 70, 100, 1, 5),
        "teku" => new("teku", ClientKind.Consensus, 100, 100, 1, 6),
        "nimbus" => new("nimbus", ClientKind.Consensus, 160, 80, 1, 5),
        "lodestar" => new("lodestar", ClientKind.Consensus, 50, 80, 1, 6),
        "kubo" or "ipfs" or "go-ipfs" => new("kubo", ClientKind.Ipfs, 600, 300, 3, 25),
        "erpc" => new("erpc", ClientKind.Gateway, 3, 2000, 5, 8),
        var other => new(other, ClientKind.Other, 10, 200, 1, 5),
    };
}
