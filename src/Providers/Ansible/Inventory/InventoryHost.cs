namespace GitOpsFleet.Providers.Ansible.Inventory;

/// <summary>One host of an inventory group. <see cref="Address"/> is its ansible_host, when set.</summary>
internal sealed record InventoryHost(string Name, string? Address);
