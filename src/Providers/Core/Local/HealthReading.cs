namespace GitOpsFleet.Providers.Local;

/// <summary>What a node's /healthz said: the process that answered, and whether it called itself healthy.</summary>
internal sealed record HealthReading(bool Healthy, int Pid, string Fleet, string Node, string Status);
