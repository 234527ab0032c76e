using GitOpsFleet.Reconciler.Cli;
using GitOpsFleet.Reconciler.Git;
using GitOpsFleet.Reconciler.Hosting;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.State;
using LibGit2Sharp;

namespace GitOpsFleet.Providers.Azure.Tests;

/// <summary>
/// The spine's pipeline, unchanged, on an Azure pool: the real SDK against the local HTTPS endpoint that
/// speaks Resource Manager. Plan 2 then 0 after a reconcile; a capacity changed in the portal is drift;
/// heal restores it.
/// </summary>
public sealed class AzurePipelineTests : AzureProviderFixture, IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "gof-az-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task AzurePool_PlanReconcilePlanZero_PortalChangeIsDrift_HealRestores()
    {
        var repoPath = Path.Combine(_dir, "repo");
        Write(repoPath, "pools/rpc.yaml", """
            apiVersion: gitopsfleet.dev/v1
            kind: NodePool
            metadata:
              name: rpc
              labels: {role: rpc, env: prod}
            spec:
              provider: azure
              region: westeurope
              machine: {size: Standard_D8s_v5, image: ubuntu-24.04}
              software: {name: geth, version: 1.16.7}
              replicas: {min: 3, max: 6}
              storage: {sizeGiB: 1024, encrypted: true}
            """);
        Commit(repoPath, Fleet("pull-request"));
        var target = new FleetTarget(RepositoryLocation.Parse(repoPath), null);
        await using var app = await AppComposition.CreateAsync(StateHome.Resolve(Path.Combine(_dir, "home")), null, [Provider()], TimeProvider.System, CancellationToken.None);

        var plan = await app.Pipeline.RunAsync(target, RunMode.Plan, "test", SilentRunReporter.Instance, CancellationToken.None);
        Assert.Equal(CommandLine.ChangesOrDrift, FleetCommands.ExitCode(plan, RunMode.Plan));
        var create = Assert.Single(plan.Plan!.Actions);
        Assert.Equal((ActionKind.Create, 3), (create.Kind, create.Desired!.Capacity));

        var apply = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, CancellationToken.None);
        Assert.True(apply.Result == RunResults.Succeeded, apply.Error ?? string.Join("; ", apply.Results.Select(r => r.Message)));
        var scaleSet = Fake.ScaleSet(create.Node)!;
        Assert.Equal(3, scaleSet["sku"]!["capacity"]!.GetValue<int>());
        Assert.Equal(CommandLine.Ok, FleetCommands.ExitCode(await app.Pipeline.RunAsync(target, RunMode.Plan, "test", SilentRunReporter.Instance, CancellationToken.None), RunMode.Plan));

        Fake.SetCapacityByHand(create.Node, 5);
        var drift = await app.Pipeline.RunAsync(target, RunMode.DriftCheck, "test", SilentRunReporter.Instance, CancellationToken.None);
        Assert.Equal(CommandLine.ChangesOrDrift, FleetCommands.ExitCode(drift, RunMode.DriftCheck));
        var item = Assert.Single(drift.Drift!.Items);
        Assert.Equal(("replicas", "3", "5"), (item.Field, item.Expected, item.Observed));
        Assert.NotNull(drift.PullRequest);

        Commit(repoPath, Fleet("heal"));
        var heal = await app.Pipeline.RunAsync(target, RunMode.Reconcile, "test", SilentRunReporter.Instance, CancellationToken.None);
        Assert.True(heal.Result == RunResults.Succeeded, heal.Error);
        Assert.Equal(3, Fake.ScaleSet(create.Node)!["sku"]!["capacity"]!.GetValue<int>());
        var after = await app.Pipeline.RunAsync(target, RunMode.DriftCheck, "test", SilentRunReporter.Instance, CancellationToken.None);
        Assert.Equal(CommandLine.Ok, FleetCommands.ExitCode(after, RunMode.DriftCheck));
    }

    private string Fleet(string driftAction) => $"""
        apiVersion: gitopsfleet.dev/v1
        kind: Fleet
        metadata:
          name: azfleet
        spec:
          reconcile: {"{"}interval: 2m, prune: true{"}"}
          drift: {"{"}action: {driftAction}{"}"}
          azure: {"{"}subscription: {Fake.Subscription}, resourceGroup: {Fake.ResourceGroup}, location: westeurope{"}"}
        """;

    private static void Write(string repo, string path, string text)
    {
        var file = Path.Combine(repo, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
    }

    private static void Commit(string repoPath, string fleetYaml)
    {
        Write(repoPath, "fleet.yaml", fleetYaml);
        if (!Repository.IsValid(repoPath))
        {
            Repository.Init(repoPath);
            using var init = new Repository(repoPath);
            init.Refs.UpdateTarget("HEAD", "refs/heads/main");
        }
        using var repo = new Repository(repoPath);
        Commands.Stage(repo, "*");
        var sig = new Signature("test", "test@example.invalid", DateTimeOffset.UtcNow);
        repo.Commit("fleet", sig, sig, new CommitOptions { AllowEmptyCommit = true });
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
