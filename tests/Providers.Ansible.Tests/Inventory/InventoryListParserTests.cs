using GitOpsFleet.Providers.Ansible.Inventory;

namespace GitOpsFleet.Providers.Ansible.Tests.Inventory;

public sealed class InventoryListParserTests
{
    private const string List = """
        {
          "_meta": {"hostvars": {"a": {"ansible_host": "10.0.0.1"}, "b": {}, "c": {}, "loose": {}}},
          "all": {"children": ["ungrouped", "eth"]},
          "ungrouped": {"hosts": ["loose"]},
          "eth": {"children": ["el", "cl"]},
          "el": {"hosts": ["a", "b"]},
          "cl": {"hosts": ["b", "c"]}
        }
        """;

    [Fact]
    public void HostsOf_GroupWithChildren_ListsEachHostOnce()
    {
        var hosts = InventoryListParser.HostsOf(List, "eth")!;
        Assert.Equal(["a", "b", "c"], hosts.Select(h => h.Name));
        Assert.Equal("10.0.0.1", hosts[0].Address);
        Assert.Null(hosts[1].Address);
    }

    [Fact]
    public void HostsOf_All_IncludesUngroupedHosts()
    {
        Assert.Equal(["loose", "a", "b", "c"], InventoryListParser.HostsOf(List, "all")!.Select(h => h.Name));
    }

    [Fact]
    public void HostsOf_MissingGroup_IsNull()
    {
        Assert.Null(InventoryListParser.HostsOf(List, "validators"));
    }
}
