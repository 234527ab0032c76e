namespace GitOpsFleet.Providers.Ansible.Tests;

/// <summary>Real ansible runs share two cores with everyone else: run them one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AnsibleCollection
{
    public const string Name = "ansible";
}
