namespace GitOpsFleet.Providers.Tests.Local;

/// <summary>
/// The built <c>gitopsfleet</c> program sits beside the tests (the test project references it):
/// its apphost when there is one, else <c>dotnet gitopsfleet.dll</c>.
/// </summary>
internal static class NodeProgramLocator
{
    public static IReadOnlyList<string> NodeCommand()
    {
        var dir = AppContext.BaseDirectory;
        var apphost = Path.Combine(dir, "gitopsfleet");
        if (File.Exists(apphost)) return [apphost];
        var dll = Path.Combine(dir, "gitopsfleet.dll");
        if (File.Exists(dll))
        {
            var dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
            return [dotnet, dll];
        }
        throw new InvalidOperationException($"gitopsfleet is not built beside the tests in {dir}");
    }
}
