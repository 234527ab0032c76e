namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>
/// A private folder (0700) for one run's extra-vars files (0600), deleted when the run ends so no
/// vars file, and no secret reference, outlives it.
/// </summary>
internal sealed class RunWorkspace : IDisposable
{
    private RunWorkspace(string path) => Path = path;

    public string Path { get; }

    public static RunWorkspace Create(string? root)
    {
        var parent = string.IsNullOrEmpty(root) ? System.IO.Path.GetTempPath() : root;
        Directory.CreateDirectory(parent);
        var path = System.IO.Path.Combine(parent, "gitopsfleet-ansible-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new RunWorkspace(path);
    }

    /// <summary>Writes a file only the service's user can read; returns its full path.</summary>
    public string WriteFile(string name, ReadOnlySpan<byte> content)
    {
        var file = System.IO.Path.Combine(Path, name);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var stream = new FileStream(file, options);
        stream.Write(content);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover folder holds no secret value (the become password travels by environment).
        }
        catch (UnauthorizedAccessException)
        {
            // Same as above.
        }
    }
}
