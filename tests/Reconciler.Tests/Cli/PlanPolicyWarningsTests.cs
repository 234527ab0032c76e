using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>`plan` lists the policy warnings it counts, each with its rule and policy file.</summary>
public sealed class PlanPolicyWarningsTests : FleetTestBase
{
    [Fact]
    public async Task Plan_ListsEachWarning_WithRuleAndPolicyFile()
    {
        _repo.Write("policies/fleet/plan.rego", """
            package fleet.plan

            import rego.v1

            warn contains {"msg": "rpc runs few nodes", "pool": "rpc", "severity": "medium"}

            warn contains "a second warning"
            """).Commit("warn");

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        // The third warning: this repository has no admission package.
        Assert.Contains("allowed with 3 warning(s)", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: admission: data.fleet.admission is undefined", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: plan: pool rpc: rpc runs few nodes [medium] (rule data.fleet.plan.warn in policies/fleet/plan.rego)", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: plan: a second warning (rule data.fleet.plan.warn in policies/fleet/plan.rego)", plan.Stdout, StringComparison.Ordinal);
    }
}
