namespace GitOpsFleet.Fuzz.Targets;

/// <summary>The target returned, but its answer breaks the contract: a crash as far as the fuzzer is concerned.</summary>
internal sealed class FuzzContractException(string message) : Exception(message);
