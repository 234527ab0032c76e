namespace GitOpsFleet.Reconciler.Hosting;

/// <summary>Configuration that cannot work (every problem in the message); the program refuses to run rather than guess.</summary>
internal sealed class AppConfigurationException(string message) : Exception(message);
