namespace GitOpsFleet.Reconciler.Forges;

/// <summary>A fleet names a forge it cannot use (no url, repository or token). Needs a person; never holds a token.</summary>
internal sealed class ForgeConfigurationException(string message) : Exception(message);
