namespace GitOpsFleet.Providers.Ansible.Tests;

public sealed class AnsibleProviderOptionsTests
{
    [Fact]
    public void Validate_Defaults_HaveNoProblems()
    {
        Assert.Empty(new AnsibleProviderOptions().Validate());
    }

    [Fact]
    public void Validate_ListsEveryProblemAtOnce()
    {
        var options = new AnsibleProviderOptions
        {
            RunTimeout = TimeSpan.Zero,
            Forks = 0,
            VaultPasswordFile = "/nonexistent/vault",
            BecomePasswordEnv = "GITOPSFLEET_SURELY_UNSET_" + Guid.NewGuid().ToString("N"),
        };
        var problems = options.Validate();
        Assert.Equal(4, problems.Count);
        Assert.Contains(problems, p => p.Contains("RunTimeout", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Forks", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("VaultPasswordFile", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("BecomePasswordEnv", StringComparison.Ordinal));
    }
}
