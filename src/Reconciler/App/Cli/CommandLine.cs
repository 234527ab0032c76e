using System.CommandLine;

namespace GitOpsFleet.Reconciler.Cli;

/// <summary>
/// The gitopsfleet command line. Exit codes scripts can rely on: 0 success (or nothing to do),
/// 1 error (invalid fleet, unreachable repository, failed action, refused or denied plan),
/// 2 changes pending (plan) or drift present (drift), 130 cancelled.
/// </summary>
internal static class CommandLine
{
    public const int Ok = 0;
    public const int Error = 1;
    public const int ChangesOrDrift = 2;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length > 0 && args[0] == "node")
        {
            // The node process starts on every create: skip the parser and its start-up cost.
            // The node handles SIGTERM and SIGINT itself; the token is only for an in-process stop.
            var cts = new CancellationTokenSource();
            return await GitOpsFleet.Providers.LocalNode.LocalNodeProgram.RunAsync(args[1..], cts.Token);
        }

        var root = new RootCommand("GitOpsFleet keeps fleets of nodes exactly as a Git repository describes them.");
        FleetCommands.AddTo(root);
        RunsCommands.AddTo(root);
        ApprovalCommands.AddTo(root);
        TokenCommands.AddTo(root);
        AuditCommand.AddTo(root);
        NotificationCommands.AddTo(root);
        PullRequestCommands.AddTo(root);
        DemoCommand.AddTo(root);
        ServeCommand.AddTo(root);
        ScriptCommands.AddTo(root);
        PolicyCommands.AddTo(root);
        HealthcheckCommand.AddTo(root);
        StateCommands.AddTo(root);
        SchemaCommand.AddTo(root);
        root.Subcommands.Add(new Command("node", "Run one local-provider node process (started by the local provider; see 'gitopsfleet node --help')."));
        // Ctrl-C cancels the run; give it time to stop its steps and write the run record before the process ends.
        try
        {
            return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30), EnableDefaultExceptionHandler = false });
        }
        catch (Hosting.AppConfigurationException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return Error;
        }
        catch (State.StateStoreDamagedException ex)
        {
            await Console.Error.WriteLineAsync($"error: {ex.Message}");
            return Error;
        }
        catch (OperationCanceledException)
        {
            return Cancelled;
        }
        catch (Exception ex)
        {
            // A bug or a broken environment: say so plainly, with the details a bug report needs.
            await Console.Error.WriteLineAsync($"internal error: {ex.Message}\n{ex}");
            return Error;
        }
    }
}
