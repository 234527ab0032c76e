namespace GitOpsFleet.Providers;

/// <summary>
/// What a real client said about itself at observation (a local anvil over JSON-RPC): <see cref="Version"/> is its own
/// <c>web3_clientVersion</c> text (<c>anvil/v1.7.1</c>). A field is null when the client did not answer that call
/// (<see cref="Peers"/> also when it has no p2p, as anvil); a client that answered nothing has no facts at all.
/// </summary>
public sealed record ClientFacts(
    string? Version,
    long? ChainId,
    bool? Syncing,
    long? Head,
    long? Peers);
