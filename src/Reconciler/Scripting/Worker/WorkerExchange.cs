namespace GitOpsFleet.Scripting.Worker;

/// <summary>The limits the host holds one request to, on the real clock.</summary>
internal sealed record WorkerDeadlines(TimeSpan Compile, TimeSpan Run, long ResidentLimitBytes);

/// <summary>How one request ended: the worker's result, or the reason it has none.</summary>
internal sealed record WorkerExchange(ResultMessage? Result, WorkerStop? Stop, bool CompiledSeen);
