namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>Reads a <c>warn</c> array.</summary>
internal sealed class WarnFindingsConverter() : PolicyFindingsConverter(PolicyFinding.WarnKind);
