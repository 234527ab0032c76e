namespace GitOpsFleet.Providers.Ansible.Results;

/// <summary>One ansible-playbook run, read from the ansible.posix.json callback, by inventory hostname.</summary>
internal sealed record AnsibleRunResult(IReadOnlyDictionary<string, AnsibleHostResult> Hosts);
