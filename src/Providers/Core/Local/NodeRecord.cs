namespace GitOpsFleet.Providers.Local;

/// <summary>
/// What the provider remembers about a node it started. <see cref="StartTicks"/> is the process
/// start time from /proc/&lt;pid&gt;/stat: a pid alone may be reused by another program.
/// </summary>
internal sealed record NodeRecord(
    string Fleet,
    string Pool,
    string Name,
    int Pid,
    long StartTicks,
    int Port,
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Command,
    string Software,
    string Version,
    string? Consensus,
    string? Size,
    string? Image,
    IReadOnlyDictionary<string, string> Labels);
