namespace GitOpsFleet.TestSupport;

/// <summary>
/// Foundry's anvil as test.sh installs it: npm puts it under <c>.tools/anvil</c> in the repository. Tests that
/// need it skip, saying how to get it, when it is absent (test.sh installs it, so in CI they run).
/// </summary>
public static class AnvilClient
{
    public const string Version = "1.7.1";

    public const string MissingMessage = "anvil is not installed: run ./test.sh, or npm install --prefix .tools/anvil @foundry-rs/anvil-linux-amd64@1.7.1";

    /// <summary>The clients folder to configure (<c>.tools</c> at the repository root), or null when anvil is not in it.</summary>
    public static string? ClientsFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "GitOpsFleet.sln"))) continue;
            var tools = Path.Combine(dir.FullName, ".tools");
            var binary = Path.Combine(tools, "anvil", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");
            return File.Exists(binary) ? tools : null;
        }
        return null;
    }
}
