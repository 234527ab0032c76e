namespace GitOpsFleet.Reconciler.Pipeline.Reports;

/// <summary>Reads a <c>deny</c> array.</summary>
internal sealed class DenyFindingsConverter() : PolicyFindingsConverter(PolicyFinding.DenyKind);
