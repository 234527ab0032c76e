using GitOpsFleet.Reconciler.Tests.Support;

namespace GitOpsFleet.Reconciler.Tests.Cli;

/// <summary>The run's policy gate reads v0 policies when fleet.yaml sets policies.regoVersion: v0 or the policy folder has a .manifest.</summary>
public sealed class PlanRegoV0PolicyTests : FleetTestBase
{
    // Gatekeeper's shape: a partial set of objects, written before "contains" and "if".
    private const string V0Plan = """
        package fleet.plan

        warn[{"msg": msg, "pool": "rpc"}] {
            msg := "written in v0"
        }
        """;

    [Fact]
    public async Task WithoutTheSetting_TheV0PolicyFailsClosed_NamingFileAndLine()
    {
        _repo.Write("policies/fleet/plan.rego", V0Plan).Commit("v0 policy");

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);

        Assert.True(plan.ExitCode == 1, plan.ToString());
        Assert.Contains("policies/fleet/plan.rego:3:", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("rego_parse_error", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegoVersionV0InFleetYaml_EvaluatesTheV0Policy()
    {
        _repo.Write("fleet.yaml", FleetYaml(allowEmpty: false, extra: "policies: {regoVersion: v0}"))
            .Write("policies/fleet/plan.rego", V0Plan).Commit("v0 policy");

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("warning: plan: pool rpc: written in v0 (rule data.fleet.plan.warn in policies/fleet/plan.rego)", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestInThePolicyFolder_EvaluatesTheV0Policy()
    {
        _repo.Write("policies/.manifest", """{"rego_version": 0}""")
            .Write("policies/fleet/plan.rego", V0Plan).Commit("v0 bundle");

        var plan = await _cli.RunAsync("plan", "--repo", _repo.Path);

        Assert.True(plan.ExitCode == 2, plan.ToString());
        Assert.Contains("written in v0", plan.Stdout, StringComparison.Ordinal);
    }
}
