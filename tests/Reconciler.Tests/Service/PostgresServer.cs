using System.Diagnostics;
using GitOpsFleet.Reconciler.Tests.Support;
using Npgsql;

namespace GitOpsFleet.Reconciler.Tests.Service;

/// <summary>
/// Debian's real PostgreSQL 15: a fresh cluster initdb'd into a temporary folder and started on a free
/// loopback port (as the postgres user when the tests run as root, since postgres refuses to run as root).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly TempDirectory _dir;
    private readonly int _port;

    private PostgresServer(TempDirectory dir, int port)
    {
        _dir = dir;
        _port = port;
    }

    public string ConnectionString => $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5";

    public static async Task<PostgresServer> StartAsync()
    {
        Assert.True(File.Exists(Path.Combine(Bin, "initdb")) && File.Exists(Path.Combine(Bin, "pg_ctl")),
            $"PostgreSQL 15 is not installed ({Bin}/initdb missing): apt-get install -y postgresql");
        var dir = new TempDirectory("pg");
        var port = ServeProcess.FreePort();
        var data = Path.Combine(dir.Path, "data");
        if (Environment.UserName == "root") await RunAsync("chown", ["-R", "postgres:postgres", dir.Path]);
        await RunAsPostgresAsync(Path.Combine(Bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(dir.Path, "log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {dir.Path} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200", "start"]);
        var server = new PostgresServer(dir, port);
        await using var conn = new NpgsqlConnection(server.ConnectionString);
        await conn.OpenAsync();
        return server;
    }

    /// <summary>A fast shutdown, as a restart or a failover does: clients are disconnected and new connections refused.</summary>
    public Task StopAsync() =>
        RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(_dir.Path, "data"), "-m", "fast", "-w", "stop"]);

    /// <summary>The same cluster on the same port again, with what it held before <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync() =>
        RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(_dir.Path, "data"), "-l", Path.Combine(_dir.Path, "log"), "-w", "-t", "60",
            "-o", $"-p {_port} -k {_dir.Path} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200", "start"]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync(Path.Combine(Bin, "pg_ctl"), ["-D", Path.Combine(_dir.Path, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            _dir.Dispose();
        }
    }

    private static Task RunAsPostgresAsync(string file, string[] args) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await p.WaitForExitAsync(timeout.Token);
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {p.ExitCode}:\n{await stdout}\n{await stderr}");
    }
}
