namespace GitOpsFleet.Providers.Local;

/// <summary>
/// Settings of the local provider. <see cref="NodeCommand"/> is the executable (and any prefix
/// arguments) that runs <c>gitopsfleet node</c>: <c>["/usr/local/bin/gitopsfleet"]</c> for the
/// apphost or <c>["dotnet", "/app/gitopsfleet.dll"]</c>; the verb <c>node</c> and the node's
/// arguments are appended.
/// </summary>
public sealed record LocalProviderOptions
{
    /// <summary>Where node records, port files, load knobs and logs live (one folder per fleet). Usually <c>$GITOPSFLEET_HOME/local</c>.</summary>
    public required string StateDirectory { get; init; }

    public required IReadOnlyList<string> NodeCommand { get; init; }

    /// <summary>How long one /healthz call may take before the node counts as unhealthy.</summary>
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a new node has to answer /healthz before its start is a failure.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a node has to exit after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where real clients (anvil) are looked for before PATH, a few folders deep (an npm install nests the binary under
    /// node_modules). Configuration key <c>Providers:Local:ClientsFolder</c>.
    /// </summary>
    public string? ClientsFolder { get; init; }

    /// <summary>How long a real client's head may stay at one block before the node counts as unhealthy (it mines one a second).</summary>
    public TimeSpan HeadStallTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Seconds a new node pretends to sync before it reports itself in sync (0: at once).</summary>
    public double SyncSeconds { get; init; }

    /// <summary>The node command of the running program: its apphost, or <c>dotnet</c> and its entry assembly.</summary>
    public static IReadOnlyList<string> CurrentProcessNodeCommand()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running program is unknown");
        var name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("the entry assembly of the running program is unknown");
            return [process, entry];
        }
        return [process];
    }

    /// <summary>Every problem at once, so that a host refuses to start and lists them all.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(StateDirectory)) problems.Add("Local:StateDirectory is required");
        if (NodeCommand is null || NodeCommand.Count == 0 || string.IsNullOrWhiteSpace(NodeCommand[0])) problems.Add("Local:NodeCommand needs at least the executable");
        if (HealthTimeout <= TimeSpan.Zero) problems.Add("Local:HealthTimeout must be positive");
        if (StartTimeout <= TimeSpan.Zero) problems.Add("Local:StartTimeout must be positive");
        if (StopTimeout < TimeSpan.Zero) problems.Add("Local:StopTimeout must not be negative");
        if (HeadStallTimeout <= TimeSpan.Zero) problems.Add("Local:HeadStallTimeout must be positive");
        if (SyncSeconds < 0) problems.Add("Local:SyncSeconds must not be negative");
        return problems;
    }
}
