namespace GitOpsFleet.Reconciler.Pipeline.Steps;

/// <summary>
/// One step of a run. A step reads what earlier steps left in the <see cref="RunContext"/>, adds its own
/// output there, and says what happens next. Steps never write the run record: the run loop does, once.
/// </summary>
internal interface IRunStep
{
    /// <summary>The stable name shown in `runs show`, in traces and in the API (fetch, load, ...).</summary>
    string Name { get; }

    /// <summary>
    /// True for a step whose output follows from the commit and what observe read, and which does nothing when the
    /// plan is empty: a run whose commit and observed state equal those of a settled run takes it from that run.
    /// </summary>
    bool Reusable => false;

    Task<StepOutcome> RunAsync(RunContext context, CancellationToken cancellationToken);
}
