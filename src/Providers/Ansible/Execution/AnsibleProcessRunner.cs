using System.Text;
using CliWrap;

namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>
/// Runs one ansible command through CliWrap inside its own process group. On cancellation or run
/// timeout the whole group gets SIGTERM, then SIGKILL after the grace period, so no worker, ssh or
/// module process outlives the run.
/// </summary>
internal sealed class AnsibleProcessRunner
{
    private readonly TimeProvider _time;
    private readonly string? _setsid;

    public AnsibleProcessRunner(TimeProvider time)
    {
        _time = time;
        // setsid runs the command as the leader of a new session and group (same pid), which is what lets us signal the group.
        _setsid = OperatingSystem.IsWindows() ? null : ExecutableLocator.Find("setsid");
    }

    public bool UsesProcessGroup => _setsid is not null;

    /// <summary>Runs to completion. A run timeout returns with <see cref="ProcessOutcome.TimedOut"/>; caller cancellation throws.</summary>
    public async Task<ProcessOutcome> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string workingDirectory,
        TimeSpan timeout,
        TimeSpan killGrace,
        Action<int>? started,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var command = (_setsid is null ? Cli.Wrap(executable).WithArguments(arguments) : Cli.Wrap(_setsid).WithArguments(Prepend(executable, arguments)))
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(environment)
            .WithValidation(CommandResultValidation.None)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToStringBuilder(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr));

        using var timeoutCts = new CancellationTokenSource(timeout, _time);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        using var force = new CancellationTokenSource();
        using var done = new CancellationTokenSource();
        var began = _time.GetTimestamp();

        // CliWrap only gets the forceful token: the graceful stop is our SIGTERM to the whole group.
        var task = command.ExecuteAsync(force.Token);
        var groupId = task.ProcessId;
        started?.Invoke(groupId);
        using var registration = stop.Token.Register(() =>
        {
            if (UsesProcessGroup) ProcessGroup.Terminate(groupId);
            _ = ForceAfterAsync(groupId, killGrace, force, done.Token);
        });

        int exitCode;
        try
        {
            exitCode = (await task.ConfigureAwait(false)).ExitCode;
        }
        catch (OperationCanceledException)
        {
            exitCode = -1;
        }
        finally
        {
            done.Cancel();
            // Whatever ended the leader, children left in the group must not outlive the run.
            if (UsesProcessGroup && stop.IsCancellationRequested) ProcessGroup.Kill(groupId);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new ProcessOutcome(exitCode, stdout.ToString(), stderr.ToString(), timeoutCts.IsCancellationRequested, _time.GetElapsedTime(began));
    }

    private async Task ForceAfterAsync(int groupId, TimeSpan grace, CancellationTokenSource force, CancellationToken done)
    {
        try
        {
            if (grace > TimeSpan.Zero) await Task.Delay(grace, _time, done).ConfigureAwait(false);
            if (done.IsCancellationRequested) return;
            if (UsesProcessGroup) ProcessGroup.Kill(groupId);
            force.Cancel();
        }
        catch (OperationCanceledException)
        {
            // The run ended on its own within the grace period.
        }
        catch (ObjectDisposedException)
        {
            // Likewise: the run is over and its sources are gone.
        }
    }

    private static IEnumerable<string> Prepend(string first, IReadOnlyList<string> rest)
    {
        yield return first;
        foreach (var item in rest) yield return item;
    }
}
