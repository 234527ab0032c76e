namespace GitOpsFleet.Reconciler.Tests.Support;

internal static class RepoRoot
{
    public static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("GitOpsFleet.sln not found above the test folder");
    }
}
