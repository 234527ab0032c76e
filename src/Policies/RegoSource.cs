namespace GitOpsFleet.Policies;

/// <summary>One Rego module: the name used in locations and errors, and its text.</summary>
public sealed record RegoSource(string File, string Text);
