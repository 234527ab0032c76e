namespace GitOpsFleet.Reconciler.State;

/// <summary>Where GitOpsFleet keeps its clones, node records and state database: $GITOPSFLEET_HOME, else ~/.gitopsfleet.</summary>
internal sealed record StateHome(string Root)
{
    public static StateHome Resolve(string? overridePath = null)
    {
        var env = Environment.GetEnvironmentVariable("GITOPSFLEET_HOME");
        var root = overridePath
            ?? (string.IsNullOrEmpty(env) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".gitopsfleet") : env);
        root = Path.GetFullPath(root);
        Directory.CreateDirectory(root);
        return new StateHome(root);
    }

    public string Repositories => Sub("repos");
    public string Snapshots => Sub("snapshots");
    public string LocalNodes => Sub("local");
    public string DatabasePath => Path.Combine(Root, "state.db");

    private string Sub(string name)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }
}
