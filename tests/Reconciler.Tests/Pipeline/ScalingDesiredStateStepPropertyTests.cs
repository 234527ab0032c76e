using CsCheck;
using GitOpsFleet.Model;
using GitOpsFleet.Providers;
using GitOpsFleet.Reconciler.Pipeline;
using GitOpsFleet.Reconciler.Tests.Planning;
using GitOpsFleet.Reconciler.Tests.Planning.Properties;
using GitOpsFleet.Scripting;
using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Reconciler.Tests.Pipeline;

/// <summary>
/// The replica counts the desired step hands the planner stay inside replicas.min..max whatever the pool runs now.
/// Only the paths that need no script worker are sampled here (no script: min; a script missing from the commit: the
/// current count, held inside the range); an evaluated script's count goes through the same clamp, covered in <see cref="ScalingTests"/>.
/// </summary>
public sealed class ScalingDesiredStateStepPropertyTests
{
    [Fact]
    public void Compute_KeepsEveryPoolWithinMinAndMax_WhateverItRunsNow()
    {
        using var engine = new ScalingScriptEngine(new ScalingScriptOptions(), TimeProvider.System);
        using var http = new HttpClient();
        var step = new ScalingDesiredStateStep(engine, http, new FakeTimeProvider());
        var empty = new InMemorySnapshot("c0ffee", []);
        FleetGen.Scenario.Sample(s =>
        {
            // As the desired step counts a pool's current replicas.
            var current = s.Observed.Where(n => n.State != NodeState.Dead && n.Pool is not null)
                .GroupBy(n => n.Pool!).ToDictionary(g => g.Key, g => g.Sum(n => n.Capacity), StringComparer.Ordinal);
            var desired = step.ComputeAsync(s.Spec, "c0ffee", empty, current, s.Observed, CancellationToken.None).GetAwaiter().GetResult();
            foreach (var pool in desired.Fleet.Pools)
            {
                Assert.InRange(pool.Replicas, pool.Spec.Replicas.Min, pool.Spec.Replicas.Max);
            }
        }, iter: PlannerPropertyTests.Iterations, print: s => s.ToString());
    }
}
