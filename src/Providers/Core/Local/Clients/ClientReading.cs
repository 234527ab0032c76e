namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>
/// What a client said about itself over JSON-RPC. <see cref="Error"/> is set when it did not answer
/// (refused, timed out, not JSON-RPC); <see cref="Peers"/> is null when the client does not serve
/// <c>net_peerCount</c> (anvil, a devnet without p2p).
/// </summary>
internal sealed record ClientReading(
    string? ClientVersion,
    long? ChainId,
    bool? Syncing,
    long? Head,
    long? Peers,
    string? Error)
{
    public static ClientReading Failed(string error) => new(null, null, null, null, null, error);

    /// <summary>"anvil/v1.7.1" → ("anvil", "1.7.1"); geth's "Geth/v1.16.7-stable/linux-amd64/go1.24" → ("geth", "1.16.7-stable").</summary>
    public (string Name, string Version)? Software()
    {
        if (ClientVersion is not { } text) return null;
        var parts = text.Split('/');
        if (parts.Length < 2) return null;
        return (parts[0].ToLowerInvariant(), ClientTable.NormalizeVersion(parts[1]));
    }
}
