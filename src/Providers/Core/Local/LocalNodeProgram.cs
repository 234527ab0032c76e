namespace GitOpsFleet.Providers.Local;

/// <summary>The local provider's node process (<c>gitopsfleet node</c>). Placeholder until the local provider lands.</summary>
public static class LocalNodeProgram
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("gitopsfleet node: not built yet");
        return Task.FromResult(1);
    }
}
