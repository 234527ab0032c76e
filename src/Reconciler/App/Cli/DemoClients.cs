using GitOpsFleet.Providers;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// The demo's real clients. The README's test command installs anvil into <c>.tools</c> of the working copy, so
/// the demo, run from there, finds it without configuration; a configured <c>Providers:Local:ClientsFolder</c> wins.
/// Without anvil the sample's devnet pool is skipped, and the demo says once, in one line, how to get it.
/// </summary>
internal static class DemoClients
{
    private const string ToolsFolder = ".tools";

    /// <summary>A local provider that also looks in ./.tools, or none when a folder is configured or ./.tools does not exist.</summary>
    public static IReadOnlyList<IInfrastructureProvider> LocalProvider(StateHome home)
    {
        var settings = ProviderSettings.Bind(ProviderSettings.LoadConfiguration(home), home);
        if (settings.LocalClientsFolder is not null || !Directory.Exists(ToolsFolder)) return [];
        return [new LocalProvider(new LocalProviderOptions
        {
            StateDirectory = home.LocalNodes,
            NodeCommand = AppComposition.NodeCommandLine(),
            ClientsFolder = Path.GetFullPath(ToolsFolder),
        })];
    }

    /// <summary>One line per local pool whose client is not here: what is missing, and the command that gets it.</summary>
    public static async Task ExplainMissingAsync(DemoRun demo, ProviderSet providers, CancellationToken cancellationToken)
    {
        if (demo.Spec is not { } spec || providers.Find(Providers.Local.LocalProvider.ProviderName) is not { } local) return;
        var scope = new FleetScope(spec.Name, "", null, spec, spec.Pools.Where(p => p.Provider == local.Name).ToList());
        foreach (var pool in scope.Pools)
        {
            var availability = await local.CheckPoolAsync(scope, pool, cancellationToken);
            if (availability.IsAvailable || availability.Reason is not { } reason) continue;
            const string GetIt = "; get it with: ";
            var at = reason.IndexOf(GetIt, StringComparison.Ordinal);
            var what = DemoRun.Shorten("local", at < 0 ? reason : reason[..at]);
            var how = at < 0 ? "" : $" (get it: {reason[(at + GetIt.Length)..]})";
            demo.Line("not here", $"{what}; pool {pool.Name} skipped on every run{how}");
        }
    }
}
