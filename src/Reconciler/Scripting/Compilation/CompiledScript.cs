using GitOpsFleet.Scripting.Sandbox;

namespace GitOpsFleet.Scripting.Compilation;

/// <summary>The outcome of compiling one script text: either an entry point in its own load context, or the diagnostics that stop it.</summary>
internal sealed class CompiledScript
{
    private ScriptLoadContext? _context;

    private CompiledScript(string hash, ScalingOutcome? failure, IReadOnlyList<ScriptDiagnostic> diagnostics,
        Func<object?[], Task<int>>? entry, ScriptLoadContext? context)
    {
        Hash = hash;
        Failure = failure;
        Diagnostics = diagnostics;
        Entry = entry;
        _context = context;
    }

    public string Hash { get; }

    /// <summary>Refused or CompileError when the script cannot run; null when it can.</summary>
    public ScalingOutcome? Failure { get; }

    public IReadOnlyList<ScriptDiagnostic> Diagnostics { get; }

    /// <summary>The submission factory: takes [globals, null] and returns the script's result.</summary>
    public Func<object?[], Task<int>>? Entry { get; }

    public static CompiledScript Refused(string hash, ScalingOutcome outcome, IReadOnlyList<ScriptDiagnostic> diagnostics) =>
        new(hash, outcome, diagnostics, null, null);

    public static CompiledScript Loaded(string hash, Func<object?[], Task<int>> entry, ScriptLoadContext context) =>
        new(hash, null, [], entry, context);

    /// <summary>Starts unloading; evaluations still running keep the code alive until they finish.</summary>
    public void Unload()
    {
        Interlocked.Exchange(ref _context, null)?.Unload();
    }
}
