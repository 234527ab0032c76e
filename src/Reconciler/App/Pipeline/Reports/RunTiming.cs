namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>
/// Where a run's wall time went, besides its steps (each step has its own duration): so `runs show --json`
/// explains an unchanged run's time without a profiler. All in milliseconds.
/// </summary>
/// <param name="StartupMs">From the process's start to the run's (a CLI run only; a service has long been up).</param>
/// <param name="LockMs">Waiting for the fleet's run lock (another CLI run of the same repository).</param>
/// <param name="OpenMs">Opening the run record, before the first step.</param>
/// <param name="StepsMs">The steps, together.</param>
/// <param name="CloseMs">After the last step until the record is written (releasing the commit's snapshot, the summary).</param>
/// <remarks>Writing the record itself is the one part a record cannot hold; the benchmarks measure it.</remarks>
internal sealed record RunTiming(double? StartupMs, double LockMs, double OpenMs, double StepsMs, double CloseMs);
