namespace GitOpsFleet.Scripting.Worker;

/// <summary>The other end of a worker channel sent something that is not a message: too long, not JSON, or out of turn.</summary>
internal sealed class WorkerProtocolException(string message) : Exception(message);
