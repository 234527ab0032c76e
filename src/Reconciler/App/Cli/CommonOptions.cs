using System.CommandLine;

namespace GitOpsFleet.Reconciler.Cli;

internal static class CommonOptions
{
    public static Option<string> Repo() => new("--repo", "-r")
    {
        Description = "The fleet repository: a local path, a file:// URL or an http(s):// URL. Credentials come from GITOPSFLEET_GIT_TOKEN or GITOPSFLEET_GIT_TOKEN_FILE, never the URL.",
        Required = true,
    };

    public static Option<string?> Ref() => new("--ref")
    {
        Description = "Branch, tag or commit to read (default: the repository's default branch).",
    };

    public static Option<string?> FleetPath() => new("--path")
    {
        Description = "The fleet's folder inside the repository (default: the root), for repositories that hold several fleets.",
    };

    public static Option<string?> Home() => new("--home")
    {
        Description = "State home (default: $GITOPSFLEET_HOME, else ~/.gitopsfleet).",
        Recursive = true,
    };
}
