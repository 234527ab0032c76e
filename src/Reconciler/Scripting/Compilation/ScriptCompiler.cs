using System.Reflection;
using System.Text;
using GitOpsFleet.Scripting.Globals;
using GitOpsFleet.Scripting.Sandbox;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace GitOpsFleet.Scripting.Compilation;

/// <summary>
/// Parse, check, rewrite, emit, load. Stages in this order because the check must see the text as written (its lines
/// are the ones reported) and the rewrite must see only code the check accepted; emit then compiles the rewritten tree.
/// </summary>
internal static class ScriptCompiler
{
    /// <summary>File name compiled scripts carry in their PDB; stack frames with it are script frames.</summary>
    public const string CompiledPath = "scaling-script.csx";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.None, SourceCodeKind.Script);

    private static readonly CSharpCompilationOptions CompilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        // Debug keeps every script frame in stack traces (no inlining), so a failure names the line that failed.
        optimizationLevel: OptimizationLevel.Debug,
        allowUnsafe: false,
        concurrentBuild: false,
        nullableContextOptions: NullableContextOptions.Disable,
        // Implicit usings for scripts; a script's own using directives are still checked against the allow-list.
        usings: ["System", "System.Linq", "System.Collections.Generic", "System.Text", "GitOpsFleet.Scripting.Metrics"]);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);

    private static readonly EmitOptions EmitOptions = new(debugInformationFormat: DebugInformationFormat.PortablePdb);

    private static int s_counter;

    public static CompiledScript Compile(string source, string hash, CancellationToken cancellationToken, ScriptDiskCache? diskCache = null)
    {
        var tree = CSharpSyntaxTree.ParseText(source, ParseOptions, CompiledPath, Encoding.UTF8, cancellationToken);
        var name = $"gitopsfleet-script-{hash[..16]}-{Interlocked.Increment(ref s_counter)}";
        var compilation = CSharpCompilation.CreateScriptCompilation(name, tree, References.Value, CompilationOptions,
            previousScriptCompilation: null, returnType: typeof(int), globalsType: typeof(ScalingGlobals));
        var model = compilation.GetSemanticModel(tree);

        List<ScriptDiagnostic> refusals;
        try
        {
            refusals = SandboxChecker.Check(tree, model);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Fail closed: a script the check cannot finish on is refused, never run.
            refusals = [new ScriptDiagnostic(0, $"the sandbox check failed ({ex.GetType().Name}); the script is refused")];
        }
        if (refusals.Count > 0)
            return CompiledScript.Refused(hash, ScalingOutcome.Refused, refusals);
        SyntaxTree rewritten;
        try
        {
            rewritten = CSharpSyntaxTree.Create((CSharpSyntaxNode)BudgetRewriter.Rewrite(tree.GetRoot(cancellationToken), model), ParseOptions, CompiledPath, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException or ArgumentException)
        {
            // Only a script that does not compile gives the rewriter shapes it does not expect: report its errors.
            return CompiledScript.Refused(hash, ScalingOutcome.CompileError, Errors(compilation, cancellationToken) is { Count: > 0 } found ? found
                : [new ScriptDiagnostic(0, $"internal error: the budget rewrite failed ({ex.GetType().Name})")]);
        }
        var original = compilation;
        compilation = compilation.ReplaceSyntaxTree(tree, rewritten);

        using var assembly = new MemoryStream();
        using var pdb = new MemoryStream();
        // Emit binds the rewritten tree in full; the original's errors are computed only when that fails, which
        // spares a second full binding of every script that compiles.
        var emitted = compilation.Emit(assembly, pdb, options: EmitOptions, cancellationToken: cancellationToken);
        if (!emitted.Success)
        {
            var errors = Errors(original, cancellationToken);
            if (errors.Count > 0)
                return CompiledScript.Refused(hash, ScalingOutcome.CompileError, errors);
            // The check accepted the script and it compiled as written, so this is our rewriter's fault: say so.
            var first = emitted.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            return CompiledScript.Refused(hash, ScalingOutcome.CompileError,
                [new ScriptDiagnostic(first.Location.GetLineSpan().StartLinePosition.Line + 1, $"internal error: the budget rewrite does not compile ({first.Id}: {first.GetMessage(System.Globalization.CultureInfo.InvariantCulture)})")]);
        }
        assembly.Position = 0;
        pdb.Position = 0;

        var entryPoint = compilation.GetEntryPoint(cancellationToken)
            ?? throw new InvalidOperationException("a script compilation has no entry point");
        var context = new ScriptLoadContext(name);
        var loaded = context.LoadFromStream(assembly, pdb);
        var type = loaded.GetType(entryPoint.ContainingType.MetadataName, throwOnError: true)!;
        var factory = type.GetMethod(entryPoint.MetadataName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var entry = factory.CreateDelegate<Func<object?[], Task<int>>>();
        diskCache?.Store(hash, assembly.ToArray(), pdb.ToArray(), type.FullName!, factory.Name);
        return CompiledScript.Loaded(hash, entry, context);
    }

    private static List<ScriptDiagnostic> Errors(CSharpCompilation compilation, CancellationToken cancellationToken) =>
        compilation.GetDiagnostics(cancellationToken)
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => new ScriptDiagnostic(d.Location.GetLineSpan().StartLinePosition.Line + 1, $"{d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"))
            .OrderBy(d => d.Line)
            .ToList();

    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        // The runtime's own assemblies: CoreLib holds nearly everything (File and Environment too, which is why the
        // check, not the reference list, is the boundary); System.Runtime, System.Collections and System.Linq resolve the rest.
        var coreDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var paths = new[]
        {
            typeof(object).Assembly.Location,
            Path.Combine(coreDirectory, "System.Runtime.dll"),
            Path.Combine(coreDirectory, "System.Collections.dll"),
            Path.Combine(coreDirectory, "System.Linq.dll"),
            Path.Combine(coreDirectory, "System.Memory.dll"),
            typeof(ScalingGlobals).Assembly.Location,
        };
        return paths.Where(File.Exists).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
    }
}
