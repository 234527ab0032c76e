namespace GitOpsFleet.Scripting.Worker;

/// <summary>Why the host ended a worker (or found it ended) before it answered.</summary>
internal enum WorkerStopKind
{
    /// <summary>Past the compile or run deadline: killed.</summary>
    Deadline,
    /// <summary>Its resident memory passed the limit: killed.</summary>
    Memory,
    /// <summary>It exited on its own (a stack overflow, an unhandled exception, a kill from outside).</summary>
    Crashed,
    /// <summary>It sent an oversized, malformed or unexpected message: killed.</summary>
    Protocol,
}

/// <summary>A worker that did not answer: what ended it, in which phase, and a short reason for people.</summary>
internal sealed record WorkerStop(WorkerStopKind Kind, bool WhileCompiling, string Reason);
