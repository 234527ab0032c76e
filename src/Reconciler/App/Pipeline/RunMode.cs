namespace GitOpsFleet.Reconciler.Pipeline;

/// <summary>Plan stops before apply; DriftCheck also publishes the drift pull request; Reconcile applies what policy allows.</summary>
internal enum RunMode { Plan, DriftCheck, Reconcile }
