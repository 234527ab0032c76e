namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>
/// One real client the local provider can run instead of the simulated node: the executable's file name,
/// how to read its version from <c>--version</c>, and its command line for a given port and chain.
/// </summary>
internal sealed record ClientDefinition(
    string Name,
    string Executable,
    Func<string, string?> ParseVersionOutput,
    Func<ClientLaunch, IReadOnlyList<string>> Arguments,
    Func<string, string> InstallHint);
