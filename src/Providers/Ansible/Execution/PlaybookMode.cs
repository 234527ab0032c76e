namespace GitOpsFleet.Providers.Ansible.Execution;

/// <summary>Check is observe (--check --diff); Apply converges a host; Remove runs with gitopsfleet_state=absent.</summary>
internal enum PlaybookMode { Check, Apply, Remove }
