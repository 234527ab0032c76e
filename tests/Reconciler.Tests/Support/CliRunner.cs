using System.Diagnostics;

namespace GitOpsFleet.Reconciler.Tests.Support;

/// <summary>Runs the real gitopsfleet program (from the test's output folder) as a process, with its own state home.</summary>
internal sealed class CliRunner(string home)
{
    public static string Executable => Path.Combine(AppContext.BaseDirectory, "gitopsfleet");

    public string Home { get; } = home;

    public Task<CliResult> RunAsync(params string[] args) => RunWithAsync(new Dictionary<string, string>(), args);

    public async Task<CliResult> RunWithAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["GITOPSFLEET_HOME"] = Home;
        psi.Environment["NO_COLOR"] = "1";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public string All => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n{Stdout}\n{Stderr}";
}
