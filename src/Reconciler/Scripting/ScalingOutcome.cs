namespace GitOpsFleet.Scripting;

public enum ScalingOutcome
{
    /// <summary>The script returned a count; <see cref="ScalingEvaluation.Replicas"/> is it, clamped.</summary>
    Succeeded,
    /// <summary>The sandbox refused a symbol or construct; the script never ran.</summary>
    Refused,
    /// <summary>The script does not compile.</summary>
    CompileError,
    /// <summary>The script threw (an uncaught metrics error included).</summary>
    Failed,
    /// <summary>The script ran out of CPU time, memory or call depth.</summary>
    BudgetExceeded,
}
