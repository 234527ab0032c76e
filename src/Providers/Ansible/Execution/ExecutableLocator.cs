namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>Finds a command the way a shell would, so "not installed" can be said before anything runs.</summary>
internal static class ExecutableLocator
{
    public static string? Find(string command)
    {
        if (command.Contains('/') || command.Contains('\\'))
        {
            var full = Path.GetFullPath(command);
            return File.Exists(full) ? full : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>A sibling tool (ansible-inventory, ansible-doc) of an already found ansible-playbook.</summary>
    public static string? FindSibling(string playbookExecutable, string tool)
    {
        var dir = Path.GetDirectoryName(playbookExecutable);
        if (dir is not null)
        {
            var sibling = Path.Combine(dir, tool);
            if (File.Exists(sibling)) return sibling;
        }
        return Find(tool);
    }
}
