namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>A client found on this machine: its path and the version it reported, or why it cannot run a pool.</summary>
internal sealed record ClientExecutable(string? Path, string? Version, string? Problem)
{
    public bool Usable => Problem is null && Path is not null;
}
