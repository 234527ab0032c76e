using GitOpsFleet.Providers.Ansible.Results;

namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>
/// One finished ansible-playbook run. <see cref="Result"/> is null when Ansible printed no result
/// (bad playbook, bad options, timeout); <see cref="Error"/> then says why, without secrets.
/// </summary>
internal sealed record PlaybookRun(AnsibleRunResult? Result, int ExitCode, bool TimedOut, string? Error, TimeSpan Duration);
