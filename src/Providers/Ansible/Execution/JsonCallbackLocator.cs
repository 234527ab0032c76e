namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>
/// Finds the ansible.posix JSON callback plugin as a file, so the availability check costs a few stat
/// calls instead of an <c>ansible-doc</c> process (about half a second of Python start-up). A miss
/// proves nothing: ansible.cfg may name collection folders this search does not read, so the caller
/// then asks Ansible itself.
/// </summary>
internal static class JsonCallbackLocator
{
    private static readonly string PluginInCollections = Path.Combine("ansible", "posix", "plugins", "callback", "json.py");

    /// <summary>The plugin's path, or null when none of the places searched holds it.</summary>
    public static string? Find(string playbookExecutable)
    {
        foreach (var root in SearchRoots(playbookExecutable))
        {
            // A configured entry may name the ansible_collections folder itself or the folder above it, as Ansible accepts both.
            var collections = Path.GetFileName(Path.TrimEndingDirectorySeparator(root)) == "ansible_collections" ? root : Path.Combine(root, "ansible_collections");
            var plugin = Path.Combine(collections, PluginInCollections);
            if (File.Exists(plugin)) return plugin;
        }
        return null;
    }

    /// <summary>
    /// Where Ansible looks for collections: ANSIBLE_COLLECTIONS_PATH (or its older plural name), Ansible's
    /// default folders, then the site-packages of the Python that runs ansible-playbook, which is where
    /// distribution packages (Debian's ansible) and pip put the bundled collections.
    /// </summary>
    internal static IEnumerable<string> SearchRoots(string playbookExecutable)
    {
        foreach (var variable in new[] { "ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS" })
        {
            var value = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(value)) continue;
            foreach (var entry in value.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                yield return ExpandHome(entry);
            }
        }
        // Ansible's built-in COLLECTIONS_PATHS default.
        yield return ExpandHome("~/.ansible/collections");
        yield return "/usr/share/ansible/collections";
        foreach (var site in PythonSiteFolders(playbookExecutable)) yield return site;
    }

    private static IEnumerable<string> PythonSiteFolders(string playbookExecutable)
    {
        var interpreter = Interpreter(playbookExecutable);
        // bin/python3 of a prefix (/usr, a virtual environment, a pipx venv): its libraries are in lib/python3*/ beside bin/.
        var prefix = interpreter is null ? null : Path.GetDirectoryName(Path.GetDirectoryName(interpreter));
        if (prefix is null) yield break;
        foreach (var lib in new[] { Path.Combine(prefix, "lib"), Path.Combine(prefix, "local", "lib") })
        {
            if (!Directory.Exists(lib)) continue;
            IEnumerable<string> versions;
            try
            {
                versions = Directory.EnumerateDirectories(lib, "python3*").Order(StringComparer.Ordinal).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var version in versions)
            {
                yield return Path.Combine(version, "dist-packages");
                yield return Path.Combine(version, "site-packages");
            }
        }
    }

    /// <summary>The Python named by ansible-playbook's #! line (through <c>env</c> when it is used), or null.</summary>
    private static string? Interpreter(string playbookExecutable)
    {
        string? line;
        try
        {
            // pipx and virtual environments link ansible-playbook from elsewhere; the script's own #! line is in the target.
            var script = File.ResolveLinkTarget(playbookExecutable, returnFinalTarget: true)?.FullName ?? playbookExecutable;
            using var reader = new StreamReader(script);
            line = reader.ReadLine();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (line is null || !line.StartsWith("#!", StringComparison.Ordinal)) return null;
        var words = line[2..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return null;
        var interpreter = words[0];
        if (Path.GetFileName(interpreter) == "env")
        {
            var command = words.Skip(1).FirstOrDefault(w => !w.StartsWith('-'));
            interpreter = command is null ? null : ExecutableLocator.Find(command);
        }
        // A wrapper script (sh, a test's recording stand-in) says nothing about where Python keeps its packages.
        return interpreter is not null && Path.GetFileName(interpreter).StartsWith("python", StringComparison.Ordinal) ? interpreter : null;
    }

    private static string ExpandHome(string path) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;
}
