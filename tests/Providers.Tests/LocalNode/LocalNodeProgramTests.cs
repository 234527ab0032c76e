using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using GitOpsFleet.Providers.Local;
using GitOpsFleet.Providers.LocalNode;
using GitOpsFleet.Providers.Tests.Local;
using Xunit.Abstractions;

namespace GitOpsFleet.Providers.Tests.LocalNode;

/// <summary>The <c>gitopsfleet node</c> program itself, run as a real process.</summary>
public sealed class LocalNodeProgramTests(ITestOutputHelper output)
{
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(NodeProgramLocator.NodeCommand()[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in NodeProgramLocator.NodeCommand().Skip(1).Append("node").Concat(args)) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    [Fact]
    public async Task BadArguments_ExitWithCode2AndListEveryProblem()
    {
        using var process = Start("--fleet", "f", "--port", "nope");
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(LocalNodeProgram.ExitBadArguments, process.ExitCode);
        Assert.Contains("--port must be a number", stderr);
        Assert.Contains("--pool is required", stderr);
        Assert.Contains("--software is required", stderr);
        Assert.Contains("usage: gitopsfleet node", stderr);
    }

    [Fact]
    public async Task PortInUse_ExitsWithCode3AndSaysSo()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        using var process = Start("--fleet", "tbusy" + Guid.NewGuid().ToString("N")[..6], "--pool", "p", "--name", "n", "--software", "geth", "--version", "1", "--port", port.ToString());
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(LocalNodeProgram.ExitCannotListen, process.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", stderr);
    }

    [Fact]
    public async Task Node_StartsFast_WritesItsPort_AndStopsCleanlyOnSigterm()
    {
        await using var fleet = new LocalTestFleet();
        var stateDir = Path.Combine(fleet.StateDirectory, "by-hand");
        var portFile = Path.Combine(stateDir, "nodes", "n-0.port");
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };

        var watch = Stopwatch.StartNew();
        using var process = Start("--fleet", fleet.Name, "--pool", "p", "--name", "n-0", "--software", "teku", "--version", "25.11.0", "--state-dir", stateDir);
        string? health = null;
        await LocalTestFleet.WaitUntilAsync(async () =>
        {
            if (!File.Exists(portFile)) return false;
            try { health = await http.GetStringAsync($"http://127.0.0.1:{File.ReadAllText(portFile)}/healthz"); return true; }
            catch (HttpRequestException) { return false; }
        }, TimeSpan.FromSeconds(20), "the node to answer");
        var startup = watch.Elapsed;
        output.WriteLine($"process start to first /healthz answer: {startup.TotalMilliseconds:F0} ms");

        Assert.Contains("\"software\":{\"name\":\"teku\",\"version\":\"25.11.0\"}", health);
        // The start-up figure itself is a benchmark's; this bound only catches a node that hangs at start on a loaded machine.
        Assert.True(startup < TimeSpan.FromSeconds(15), $"start-up took {startup.TotalMilliseconds:F0} ms");

        Assert.Equal(0, kill(process.Id, 15));
        Assert.True(process.WaitForExit(5000), "the node did not stop on SIGTERM");
        Assert.Equal(0, process.ExitCode);
        Assert.False(File.Exists(portFile));
        Assert.Contains("stopping", await process.StandardOutput.ReadToEndAsync());
    }

    [DllImport("libc")]
#pragma warning disable SYSLIB1054 // two ints: no marshalling to generate
    private static extern int kill(int pid, int sig);
#pragma warning restore SYSLIB1054
}
