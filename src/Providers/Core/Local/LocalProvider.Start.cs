using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GitOpsFleet.Providers.Local;

public sealed partial class LocalProvider
{
    private const int LogTailLines = 20;

    // sh redirects the node's output to its log before exec: the node must hold none of our pipes,
    // or a caller reading our output (a test runner, `$(gitopsfleet reconcile)`) would wait for the
    // node to exit, and a closed pipe would hit the node when we exit. setsid puts the node in its
    // own session, so Ctrl-C in the terminal that ran the CLI does not reach it. Each step execs,
    // so the pid we get is the node's pid.
    private const string LaunchScript = "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null";

    private async Task<ActionResult> StartAsync(PlannedAction action, NodeArguments args, long started, CancellationToken cancellationToken)
    {
        if (Clients.ClientTable.Find(args.Software.Name) is { } client) return await StartClientAsync(action, args, client, started, cancellationToken);
        var fleetDir = _layout.FleetDirectory(args.Fleet);
        Directory.CreateDirectory(LocalStateLayout.NodesDirectory(fleetDir));
        var logPath = LocalStateLayout.LogPath(fleetDir, args.Name);
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var portFile = LocalStateLayout.PortPath(fleetDir, args.Name);
        TryDelete(portFile);

        var argv = new List<string>(_options.NodeCommand) { NodeArguments.Verb };
        argv.AddRange(args.ToArgs());
        var logStart = AppendLogHeader(logPath, argv);

        if (Launch(fleetDir, logPath, argv, null, out var process) is { } launchError)
        {
            return ActionResult.Failure(action, $"node {args.Name} did not start{launchError}", _time.GetElapsedTime(started));
        }

        using (process)
        {
            var pid = process.Id;
            var ticks = ProcessTable.ReadStat(pid)?.StartTicks ?? 0;
            // Recorded before it answers: if this program dies while waiting, the next one adopts the node rather than calling it unknown.
            NodeRecordStore.Write(fleetDir, Record(args, pid, ticks, 0));
            Log.NodeStarting(_logger, args.Fleet, args.Name, pid);

            while (true)
            {
                if (process.HasExited)
                {
                    NodeRecordStore.Delete(fleetDir, args.Name);
                    var tail = LogTail(logPath, logStart);
                    var code = process.ExitCode;
                    Log.NodeStartFailed(_logger, args.Fleet, args.Name, $"exited with code {code}");
                    return ActionResult.Failure(action,
                        string.Create(CultureInfo.InvariantCulture, $"node {args.Name} exited with code {code} while starting{LastLine(tail)}"),
                        _time.GetElapsedTime(started), tail);
                }
                if (ReadPortFile(portFile) is { } port && await _health.ReadAsync(port, cancellationToken) is { } reading && reading.Pid == pid)
                {
                    NodeRecordStore.Write(fleetDir, Record(args, pid, ticks, port));
                    var elapsed = _time.GetElapsedTime(started);
                    Log.NodeStarted(_logger, args.Fleet, args.Name, pid, port, elapsed.TotalMilliseconds);
                    return ActionResult.Success(action,
                        string.Create(CultureInfo.InvariantCulture,
                            $"started node {args.Name} ({args.Software.Name} {args.Software.Version}) as pid {pid} on 127.0.0.1:{port} in {elapsed.TotalMilliseconds:F0} ms"),
                        Observed(args, pid, ticks, port, reading), elapsed);
                }
                if (_time.GetElapsedTime(started) >= _options.StartTimeout)
                {
                    ProcessTable.Kill(pid);
                    NodeRecordStore.Delete(fleetDir, args.Name);
                    var tail = LogTail(logPath, logStart);
                    Log.NodeStartFailed(_logger, args.Fleet, args.Name, "no answer on /healthz");
                    return ActionResult.Failure(action,
                        string.Create(CultureInfo.InvariantCulture,
                            $"node {args.Name} did not answer /healthz within {_options.StartTimeout.TotalSeconds:0.#} s and was killed{LastLine(tail)}"),
                        _time.GetElapsedTime(started), tail);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(25), _time, cancellationToken);
            }
        }
    }

    private long AppendLogHeader(string logPath, IReadOnlyList<string> argv)
    {
        using var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var offset = log.Position;
        var header = $"--- {_time.GetUtcNow():O} starting: {string.Join(' ', argv)}\n";
        log.Write(Encoding.UTF8.GetBytes(header));
        return offset;
    }

    /// <summary>The last lines the node wrote since this start, for the failure message.</summary>
    private static IReadOnlyList<string> LogTail(string logPath, long from)
    {
        try
        {
            using var log = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            // Only the end matters; a node that wrote megabytes before failing must not be read whole.
            log.Position = Math.Max(from, log.Length - 16 * 1024);
            using var reader = new StreamReader(log, Encoding.UTF8);
            var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return lines.Where(l => !l.StartsWith("--- ", StringComparison.Ordinal)).TakeLast(LogTailLines).ToList();
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string LastLine(IReadOnlyList<string> tail) => tail.Count == 0 ? "" : ": " + tail[^1];

    /// <summary>
    /// Starts <paramref name="argv"/> through the launch script (output to the node's log, its own session when setsid
    /// exists) with the restricted environment plus <paramref name="ownEnvironment"/>. Simulated nodes and real clients
    /// start the same way, so both are stopped, adopted and logged the same way.
    /// </summary>
    /// <returns>Null when it started; else ": reason" (or "") for the caller's "did not start" message.</returns>
    private string? Launch(string fleetDir, string logPath, IReadOnlyList<string> argv, IReadOnlyDictionary<string, string>? ownEnvironment, out Process process)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = fleetDir };
        foreach (var a in new[] { "-c", LaunchScript, "gitopsfleet-node", logPath }) start.ArgumentList.Add(a);
        NodeEnvironment.Restrict(start.Environment, ownEnvironment);
        if (_setsid is not null) start.ArgumentList.Add(_setsid);
        foreach (var a in argv) start.ArgumentList.Add(a);
        process = null!;
        try
        {
            if (Process.Start(start) is not { } started) return "";
            process = started;
            return null;
        }
        catch (Win32Exception e)
        {
            return ": " + e.Message;
        }
    }
}
