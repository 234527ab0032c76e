using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.State;
using GitOpsFleet.Reconciler.Tests.Support;
using GitOpsFleet.TestSupport;

namespace GitOpsFleet.Reconciler.Tests.Git;

/// <summary>
/// A Git server that accepts the connection and never answers: a fetch ends at its deadline with "timed out" naming
/// the repository, the CLI exits 1, and a second fetch into the same clone does not pile up behind the stalled one.
/// </summary>
public sealed class StalledRemoteTests : IDisposable
{
    private readonly TempDirectory _temp = new("stalled");
    private readonly StalledServer _server = new();

    private string Url => $"http://127.0.0.1:{_server.Port}/fleet.git";

    [Fact]
    public async Task AFetchFromAServerThatNeverAnswers_TimesOut_AndTheNextOneDoesNotPileUp()
    {
        var source = new GitSource(new StateHome(_temp.Combine("home")), new GitCredentials(null, null)) { FetchTimeout = TimeSpan.FromSeconds(1) };
        var watch = Stopwatch.StartNew();

        var stalled = await Assert.ThrowsAsync<GitSourceException>(() => source.FetchAsync(RepositoryLocation.Parse(Url), null, CancellationToken.None));

        Assert.Contains("timed out after 1 s", stalled.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{_server.Port}", stalled.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"gave up after {watch.Elapsed.TotalSeconds:0.0} s");
        var connections = _server.Accepted;

        var again = await Assert.ThrowsAsync<GitSourceException>(() => source.FetchAsync(RepositoryLocation.Parse(Url), null, CancellationToken.None));
        Assert.Contains("an earlier fetch", again.Message, StringComparison.Ordinal);
        Assert.Equal(connections, _server.Accepted); // refused here, without a second connection to the stalled server

        // Once the server hangs up, the abandoned fetch ends and the next one is tried for real (and fails at once).
        _server.HangUp();
        await Eventually.UntilAsync(async () =>
        {
            var next = await Assert.ThrowsAsync<GitSourceException>(() => source.FetchAsync(RepositoryLocation.Parse(Url), null, CancellationToken.None));
            return !next.Message.Contains("an earlier fetch", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "the abandoned fetch never ended after the server hung up");
    }

    [Fact]
    public async Task Plan_AgainstAStalledServer_ExitsOneWithTimedOut()
    {
        var cli = new CliRunner(_temp.Combine("cli-home"));
        var watch = Stopwatch.StartNew();

        var plan = await cli.RunWithAsync(new Dictionary<string, string> { ["GITOPSFLEET__Git__FetchTimeout"] = "00:00:02" }, "plan", "--repo", Url);

        Assert.Equal(1, plan.ExitCode);
        Assert.Contains("timed out", plan.All, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"plan ended after {watch.Elapsed.TotalSeconds:0.0} s:\n{plan}");
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    /// <summary>Accepts every connection and then says nothing, until it hangs up on all of them.</summary>
    private sealed class StalledServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<Socket> _held = [];
        private readonly CancellationTokenSource _stop = new();

        public StalledServer()
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        public int Port { get; }

        public int Accepted
        {
            get { lock (_held) return _held.Count; }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var socket = await _listener.AcceptSocketAsync(_stop.Token);
                    lock (_held) _held.Add(socket);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // stopped
            }
        }

        public void HangUp()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                foreach (var socket in _held) socket.Dispose();
            }
        }

        public void Dispose()
        {
            HangUp();
            _stop.Dispose();
        }
    }
}
