namespace GitOpsFleet.Reconciler.Cli;

internal static class CommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        if (args.Length > 0 && args[0] == "node")
        {
            return await GitOpsFleet.Providers.Local.LocalNodeProgram.RunAsync(args[1..], cts.Token);
        }
        await Console.Error.WriteLineAsync("gitopsfleet: commands are being built");
        return 1;
    }
}
