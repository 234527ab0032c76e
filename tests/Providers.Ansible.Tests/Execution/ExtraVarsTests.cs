using System.Text.Json;
using GitOpsFleet.Providers.Ansible.Execution;
using GitOpsFleet.Model;

namespace GitOpsFleet.Providers.Ansible.Tests.Execution;

public sealed class ExtraVarsTests
{
    [Fact]
    public void Build_SpecValuesAreUnsafeData_AndWinOverVarsOfTheSameName()
    {
        var pool = TestRepository.Pool(vars: new { datadir = "/data/{{ inventory_hostname }}", pool = "spoofed" }) with
        {
            Software = new SoftwareSpec("geth", "1.14.12", new SoftwareSpec("lighthouse", "5.3.0")),
        };
        var scope = new FleetScope("mainnet", "abc", "/repo", null, [pool]);

        using var doc = JsonDocument.Parse(ExtraVars.Build(scope, pool, present: false, "/state"));
        var root = doc.RootElement;

        // vars are Ansible variables: passed as written, templates included.
        Assert.Equal("/data/{{ inventory_hostname }}", root.GetProperty("datadir").GetString());
        Assert.Equal("bare", Unsafe(root.GetProperty("pool")));
        Assert.Equal("lighthouse", Unsafe(root.GetProperty("software").GetProperty("consensus").GetProperty("name")));
        Assert.Equal("1.14.12", Unsafe(root.GetProperty("software").GetProperty("version")));
        Assert.Equal("absent", Unsafe(root.GetProperty("gitopsfleet_state")));
        Assert.Equal("/state", Unsafe(root.GetProperty("gitopsfleet_state_dir")));
        Assert.Single(root.EnumerateObject(), p => p.Name == "pool");
    }

    [Fact]
    public void BecomePasswordReference_HoldsNoValue()
    {
        var text = System.Text.Encoding.UTF8.GetString(ExtraVars.BecomePasswordReference("SOME_VAR"));
        Assert.Equal("{\"ansible_become_password\":\"{{ lookup(\\u0027ansible.builtin.env\\u0027, \\u0027SOME_VAR\\u0027) }}\"}", text);
    }

    private static string? Unsafe(JsonElement e) => e.GetProperty("__ansible_unsafe").GetString();
}
