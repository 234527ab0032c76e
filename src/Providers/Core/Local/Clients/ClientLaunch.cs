namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>What a client's command line is made from: its JSON-RPC port on loopback and the chain it serves.</summary>
internal sealed record ClientLaunch(int Port, long ChainId);
