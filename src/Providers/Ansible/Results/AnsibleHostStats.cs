namespace GitOpsFleet.Providers.Ansible.Results;

/// <summary>The play recap of one host, as Ansible counts it.</summary>
internal sealed record AnsibleHostStats(int Ok, int Changed, int Failures, int Unreachable, int Skipped, int Ignored, int Rescued)
{
    public static AnsibleHostStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0);
}
