namespace GitOpsFleet.Policies.Conformance;

/// <summary>A failing case: file (relative), index in the file, note, and why it failed.</summary>
public sealed record ConformanceFailure(string File, int Index, string Note, string Reason);
