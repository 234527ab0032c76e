namespace GitOpsFleet.Providers.Ansible.Results;

/// <summary>One task on one host. <see cref="Diff"/> holds summary lines of what changed (or would change). Secrets are already removed.</summary>
internal sealed record AnsibleTaskResult(string Task, AnsibleTaskStatus Status, string? Message, bool IgnoredError, IReadOnlyList<string> Diff)
{
    /// <summary>One line for an action's details: "changed config: /etc/app.conf".</summary>
    public string Describe()
    {
        var status = Status.ToString().ToLowerInvariant();
        var text = $"{status} {Task}";
        if (Message is { Length: > 0 } message && Status is AnsibleTaskStatus.Failed or AnsibleTaskStatus.Unreachable) text += $": {message}";
        if (IgnoredError) text += " (ignored)";
        return text;
    }

    /// <summary>The drift line of a task that would change: the task name, then its diff.</summary>
    public string DescribeDrift()
    {
        if (Status == AnsibleTaskStatus.Failed) return $"{Task}: fails in check mode: {Message ?? "no message"}";
        return Diff.Count == 0 ? $"{Task}: would change" : $"{Task}: would change\n{string.Join('\n', Diff)}";
    }
}
