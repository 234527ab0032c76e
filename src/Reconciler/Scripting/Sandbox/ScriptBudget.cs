using System.ComponentModel;
using System.Diagnostics;

namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>
/// The checks the rewriter injects into every script (loop bodies, gotos, method-like bodies, catch filters, sizes).
/// Public only because compiled scripts live in another assembly; scripts themselves cannot name it (not on the allow-list).
/// The meter is thread-static: scripts cannot start threads, so their code only ever runs on the evaluation's own thread,
/// and script code reached any other way (there is none) would find no meter and stop.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ScriptBudget
{
    [ThreadStatic]
    private static BudgetMeter? t_meter;

    internal static BudgetMeter? Current
    {
        get => t_meter;
        set => t_meter = value;
    }

    [StackTraceHidden]
    public static void Tick() => Meter().Check();

    [StackTraceHidden]
    public static unsafe void Enter()
    {
        var meter = Meter();
        meter.Depth++;
        byte marker = 0;
        meter.CheckDepth((nuint)(&marker));
    }

    public static void Exit()
    {
        if (t_meter is { } meter) meter.Depth--;
    }

    /// <summary>Added to every catch clause: nothing is caught once a budget ran out.</summary>
    public static bool CanCatch() => t_meter is { Exceeded: null };

    [StackTraceHidden]
    public static int Size(int elements, int elementBytes)
    {
        Meter().CheckSize(elements, elementBytes);
        return elements;
    }

    [StackTraceHidden]
    public static long Size(long elements, int elementBytes)
    {
        Meter().CheckSize(elements, elementBytes);
        return elements;
    }

    [StackTraceHidden]
    public static uint Size(uint elements, int elementBytes)
    {
        Meter().CheckSize(elements, elementBytes);
        return elements;
    }

    [StackTraceHidden]
    public static ulong Size(ulong elements, int elementBytes)
    {
        Meter().CheckSize(elements > long.MaxValue ? long.MaxValue : (long)elements, elementBytes);
        return elements;
    }

    /// <summary>Appended after a script's last statement: falling off the end must not read as "0 replicas".</summary>
    public static int NoResult() =>
        throw new InvalidOperationException("the script ended without returning a replica count");

    [StackTraceHidden]
    private static BudgetMeter Meter() =>
        t_meter ?? throw new ScriptBudgetExceededException("script code ran outside an evaluation");
}
