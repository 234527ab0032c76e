using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using GitOpsFleet.Providers.Local;

namespace GitOpsFleet.Providers.LocalNode;

/// <summary>
/// The local provider's node process (<c>gitopsfleet node</c>): a simulated chain or IPFS node that
/// serves /healthz and /metrics on a loopback port. Exit codes: 0 stopped by a signal, 2 bad
/// arguments, 3 the port could not be bound.
/// </summary>
public static class LocalNodeProgram
{
    public const int ExitBadArguments = 2;
    public const int ExitCannotListen = 3;

    private const string Usage =
        "usage: gitopsfleet node --fleet F --pool P --name N --software NAME --version V [--size S] [--image I]\n" +
        "                        [--consensus NAME:VERSION] [--port PORT] [--state-dir DIR] [--sync-seconds S] [--label k=v]...";

    private const string Help =
        "Runs one local-provider node: a simulated chain or IPFS node serving /healthz and /metrics on loopback.\n" +
        "The local provider starts these processes itself; run one by hand only to try a node or restart it changed.\n\n" +
        Usage + "\n\n" +
        "Exit codes: 0 stopped by a signal (or help shown), 2 bad arguments, 3 the port could not be bound.";

    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken) =>
        RunAsync(args, TimeProvider.System, cancellationToken);

    internal static async Task<int> RunAsync(string[] args, TimeProvider time, CancellationToken cancellationToken)
    {
        // Help is asked for by a person, never by the provider: answer it before any parsing, on stdout, as success.
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            await Console.Out.WriteLineAsync(Help);
            return 0;
        }
        if (NodeArguments.TryParse(args, out var errors) is not { } node)
        {
            foreach (var error in errors) await Console.Error.WriteLineAsync($"gitopsfleet node: {error}");
            await Console.Error.WriteLineAsync(Usage);
            return ExitBadArguments;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // The provider stops nodes with SIGTERM; an operator with Ctrl-C. Both end the node cleanly.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });

        var loadFiles = new NodeLoadFiles(node, time);
        var simulation = new NodeSimulation(node, time, loadFiles.Read);
        var endpoints = new NodeEndpoints(simulation);

        // The empty builder reads no configuration files and watches nothing: fast to start, and
        // a hundred nodes do not use up the user's inotify instances.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(o =>
        {
            o.AddServerHeader = false;
            o.Listen(IPAddress.Loopback, node.Port);
        });
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        await using var app = builder.Build();
        app.Run(endpoints.HandleAsync);

        try
        {
            await app.StartAsync(stop.Token);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"gitopsfleet node {node.Name}: cannot listen on 127.0.0.1:{node.Port}: {e.Message}");
            return ExitCannotListen;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        var port = BoundPort(app) ?? node.Port;
        var portFile = node.StateDirectory is { } dir ? LocalStateLayout.PortPath(dir, node.Name) : null;
        if (portFile is not null) WritePortFile(portFile, port);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{time.GetUtcNow():O} gitopsfleet node {node.Fleet}/{node.Pool}/{node.Name} ({node.Software.Name} {node.Software.Version}) pid {Environment.ProcessId} listening on http://127.0.0.1:{port}"));

        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        using var stopping = lifetime.ApplicationStopping.Register(stop.Cancel);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{time.GetUtcNow():O} gitopsfleet node {node.Name} stopping"));
        await app.StopAsync(CancellationToken.None);
        if (portFile is not null) RemovePortFile(portFile, port);
        return 0;
    }

    private static int? BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        foreach (var address in addresses ?? [])
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri)) return uri.Port;
        }
        return null;
    }

    private static void WritePortFile(string path, int port)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written then renamed, so a reader never sees a half-written number.
        var temp = path + "." + Environment.ProcessId + ".tmp";
        File.WriteAllText(temp, port.ToString(CultureInfo.InvariantCulture));
        File.Move(temp, path, overwrite: true);
    }

    private static void RemovePortFile(string path, int port)
    {
        try
        {
            // A replacement may already have written its own port here; only our own is removed.
            if (File.Exists(path) && File.ReadAllText(path).Trim() == port.ToString(CultureInfo.InvariantCulture)) File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
