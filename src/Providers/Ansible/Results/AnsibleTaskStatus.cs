namespace GitOpsFleet.Providers.Ansible.Results;

internal enum AnsibleTaskStatus { Ok, Changed, Failed, Unreachable, Skipped }
