using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>A <c>with f as ...</c> replacement: a constant result, or another function by name.</summary>
internal sealed record FunctionReplacement(Value? Constant, string? Name, string[]? Path);
