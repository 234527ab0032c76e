using System.Collections.Concurrent;
using System.Diagnostics;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Local.Clients;

/// <summary>
/// Finds a client's executable in the configured clients folder (searched a few levels deep, since an npm
/// install nests it under node_modules), then on PATH, and asks it its version. The answer is kept per path
/// and modification time: availability is asked every run and must stay cheap.
/// </summary>
internal sealed class ClientLocator(string? clientsFolder, TimeSpan versionTimeout)
{
    private const int SearchDepth = 6;

    private readonly ConcurrentDictionary<(string Path, DateTime Written), string?> _versions = new();

    public async Task<ClientExecutable> LocateAsync(ClientDefinition client, SoftwareSpec wanted, CancellationToken cancellationToken)
    {
        var path = Find(client.Executable);
        if (path is null)
        {
            var where = clientsFolder is null ? "PATH" : $"the clients folder ({clientsFolder}) or PATH";
            return new ClientExecutable(null, null,
                $"{client.Name} {wanted.Version} is not installed: no {client.Executable} executable in {where}; get it with: {client.InstallHint(wanted.Version)}");
        }
        var version = await VersionAsync(path, client, cancellationToken);
        if (version is null) return new ClientExecutable(path, null, $"{path} did not report its version with --version");
        if (!ClientTable.SameVersion(wanted, version))
        {
            return new ClientExecutable(path, version, $"{path} is {client.Name} {version}, the pool wants {wanted.Version}");
        }
        return new ClientExecutable(path, version, null);
    }

    private string? Find(string executable)
    {
        if (!string.IsNullOrEmpty(clientsFolder) && Directory.Exists(clientsFolder))
        {
            var options = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = SearchDepth, IgnoreInaccessible = true };
            // Sorted so that two copies in the folder always resolve to the same one.
            var found = Directory.EnumerateFiles(clientsFolder, executable, options).Where(IsExecutable).Order(StringComparer.Ordinal).FirstOrDefault();
            if (found is not null) return Path.GetFullPath(found);
        }
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate) && IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private async Task<string?> VersionAsync(string path, ClientDefinition client, CancellationToken cancellationToken)
    {
        var key = (path, File.GetLastWriteTimeUtc(path));
        if (_versions.TryGetValue(key, out var known)) return known;
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--version");
        using var process = Process.Start(start);
        if (process is null) return null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(versionTimeout);
        try
        {
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var version = process.ExitCode == 0 ? client.ParseVersionOutput(output) : null;
            _versions[key] = version;
            return version;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            return null;
        }
    }
}
