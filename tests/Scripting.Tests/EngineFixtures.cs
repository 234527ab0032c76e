using Microsoft.Extensions.Time.Testing;

namespace GitOpsFleet.Scripting.Tests;

/// <summary>
/// One engine for a whole test class: its worker processes stay warm across the class's tests, as they do in the
/// service, instead of paying a worker start and a cold compiler for every test.
/// </summary>
public sealed class EngineFixture : IDisposable
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public ScalingScriptEngine Engine { get; } = new(new ScalingScriptOptions(), new FakeTimeProvider(Now));

    public void Dispose() => Engine.Dispose();
}

/// <summary>Engines with the budgets the budget tests name: 200 ms of CPU and 64 MiB, and one with a generous CPU budget for memory cases.</summary>
public sealed class BudgetEngineFixture : IDisposable
{
    public static readonly ScalingScriptOptions Options = new() { CpuBudget = TimeSpan.FromMilliseconds(200), MemoryBudget = 64L * 1024 * 1024 };

    public ScalingScriptEngine Engine { get; } = new(Options, new FakeTimeProvider());

    // Memory cases get a generous CPU budget, so that a slow shared machine cannot make them stop for time first.
    public ScalingScriptEngine MemoryEngine { get; } = new(Options with { CpuBudget = TimeSpan.FromSeconds(5) }, new FakeTimeProvider());

    public void Dispose()
    {
        Engine.Dispose();
        MemoryEngine.Dispose();
    }
}
