namespace GitOpsFleet.Providers.Ansible.Results;

/// <summary>Everything one run did (or would do, in check mode) on one host.</summary>
internal sealed record AnsibleHostResult(string Host, AnsibleHostStats Stats, IReadOnlyList<AnsibleTaskResult> Tasks)
{
    public bool IsUnreachable => Stats.Unreachable > 0 || Tasks.Any(t => t.Status == AnsibleTaskStatus.Unreachable);

    /// <summary>Failures Ansible counts (ignore_errors and rescued tasks are not failures).</summary>
    public bool IsFailed => Stats.Failures > 0;

    public bool HasChanges => Stats.Changed > 0 || Tasks.Any(t => t.Status == AnsibleTaskStatus.Changed);

    public string? UnreachableReason => Tasks.FirstOrDefault(t => t.Status == AnsibleTaskStatus.Unreachable)?.Message;

    public AnsibleTaskResult? FirstFailure => Tasks.FirstOrDefault(t => t.Status == AnsibleTaskStatus.Failed && !t.IgnoredError);

    public IReadOnlyList<string> Details() => Tasks.Select(t => $"{Host}: {t.Describe()}").ToList();
}
