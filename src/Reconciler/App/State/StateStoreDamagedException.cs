namespace GitOpsFleet.Reconciler.State;

/// <summary>
/// The state database is damaged (emptied, truncated, not a database, or missing its tables). The program refuses to
/// start rather than write over it: writing would turn a recoverable file into a lost one.
/// </summary>
public sealed class StateStoreDamagedException(string path, string problem)
    : Exception($"the state database {path} is damaged ({problem}). Restore a backup with `gitopsfleet state restore FILE`, or move the file away to start empty. It was not changed.")
{
    public string Path { get; } = path;
}
