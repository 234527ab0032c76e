namespace GitOpsFleet.Providers.LocalNode;

/// <summary>What a simulated client is, which decides the metrics and chain endpoints it serves.</summary>
internal enum ClientKind { Execution, Consensus, Ipfs, Gateway, Other }
