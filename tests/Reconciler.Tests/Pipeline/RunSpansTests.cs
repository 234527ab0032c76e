using System.Diagnostics;
using GitOpsFleet.Reconciler.Cli;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Telemetry;
using GitOpsFleet.Reconciler.Tests.Support;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// One plan run in process, its spans received by the OpenTelemetry in-memory exporter: names, order, parentage.
/// The run starts under a span of the test's own, so spans of runs other tests make at the same time are left out.
/// </summary>
public sealed class RunSpansTests : IDisposable
{
    private static readonly string[] StepNames = ["fetch", "load", "observe", "desired", "plan", "policy", "apply", "drift-report", "drift-pull-request"];
    private static readonly ActivitySource TestSource = new("GitOpsFleet.Reconciler.Tests.RunSpans");
    private readonly TempDirectory _temp = new("spans");
    private readonly string _fleet = "s" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task PlanRun_StepSpansUnderReconcile_CallSpansUnderTheirSteps()
    {
        var repo = new FleetRepository(_temp.Combine("repo"));
        repo.Write("fleet.yaml", $"apiVersion: gitopsfleet.dev/v1\nkind: Fleet\nmetadata:\n  name: {_fleet}\nspec:\n  reconcile: {{interval: 1m, mode: auto, prune: true}}\n")
            .Write("pools/rpc.yaml", "apiVersion: gitopsfleet.dev/v1\nkind: NodePool\nmetadata:\n  name: rpc\nspec:\n  provider: local\n  software: {name: geth, version: 1.16.7}\n  replicas: {min: 1, max: 2}\n  scaling: {script: scaling/one.csx, every: 1m}\n")
            .Write("scaling/one.csx", "return 1;\n")
            .Write("policies/fleet/admission.rego", "package fleet.admission\n\ndeny contains \"never\" if {\n\tsome pool in input.fleet.pools\n\tpool.name == \"never\"\n}\n")
            .Write("policies/fleet/plan.rego", "package fleet.plan\n\ndeny contains \"never\" if {\n\tinput.plan.never == true\n}\n")
            .Commit("scripted pool with policies");
        var exported = new List<Activity>();
        ActivityTraceId trace;
        using (var provider = Sdk.CreateTracerProviderBuilder().AddSource(RunTelemetry.SourceName, TestSource.Name).AddInMemoryExporter(exported).Build())
        {
            using (var test = TestSource.StartActivity("test")!)
            {
                trace = test.TraceId;
                var exit = await FleetCommands.RunPipelineAsync(_temp.Combine("home"), repo.Path, null, null, RunMode.Plan, false, TextWriter.Null, TimeProvider.System, CancellationToken.None);
                Assert.Equal(2, exit);
            }
            provider.ForceFlush();
        }

        var spans = exported.Where(s => s.TraceId == trace).ToList();
        var run = Assert.Single(spans, s => s.DisplayName == RunTelemetry.RunSpanName);
        Assert.Equal(_fleet, run.GetTagItem(RunTelemetry.FleetTag));
        var steps = ChildrenOf(spans, run);
        Assert.Equal(StepNames, steps.Select(s => s.DisplayName));
        Assert.All(steps.Skip(6), s => Assert.Equal("skipped", s.GetTagItem(RunTelemetry.OutcomeTag)));

        var step = steps.ToDictionary(s => s.DisplayName);
        var fetch = Assert.Single(ChildrenOf(spans, step["fetch"]));
        Assert.Equal("git.fetch", fetch.DisplayName);
        Assert.NotNull(fetch.GetTagItem(TelemetryTags.Repository));
        Assert.Equal(run.GetTagItem(RunTelemetry.CommitTag), fetch.GetTagItem(RunTelemetry.CommitTag));
        Assert.Contains(ChildrenOf(spans, step["observe"]), s => s.DisplayName == "provider.observe" && Equals(s.GetTagItem(TelemetryTags.Provider), "local"));
        var script = Assert.Single(ChildrenOf(spans, step["desired"]));
        Assert.Equal(("script.evaluate", "rpc", "scaling/one.csx"), (script.DisplayName, script.GetTagItem(TelemetryTags.Pool), script.GetTagItem(TelemetryTags.Script)));
        var policies = ChildrenOf(spans, step["policy"]);
        Assert.Equal(["policy.evaluate", "policy.evaluate"], policies.Select(s => s.DisplayName));
        Assert.Equal(["admission", "plan"], policies.Select(s => s.GetTagItem(TelemetryTags.Stage)));
        Assert.All(spans.Where(s => s != run && s.DisplayName != "test"), s => Assert.True(s.StartTimeUtc >= run.StartTimeUtc && s.StartTimeUtc + s.Duration <= run.StartTimeUtc + run.Duration));
    }

    private static List<Activity> ChildrenOf(List<Activity> spans, Activity parent) =>
        spans.Where(s => s.ParentSpanId == parent.SpanId).OrderBy(s => s.StartTimeUtc).ToList();
}
