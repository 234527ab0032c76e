namespace GitOpsFleet.Policies.Conformance;

/// <summary>Counts for one topic (the first folder under the cases directory).</summary>
public sealed record ConformanceTopic(string Name, int Passed, int Failed, int Skipped);
