namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>The commit a webhook announced when the run read another one (the ref's head), and why.</summary>
internal sealed record AnnouncedCommitReport(string Commit, string Note);
