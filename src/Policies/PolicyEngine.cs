using System.Diagnostics;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Loading;
using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies;

/// <summary>
/// The embedded Rego engine: compile modules and a data document once, then evaluate queries
/// with different inputs. Instances are immutable and safe to share between threads.
/// </summary>
public sealed class PolicyEngine
{
    private readonly CompiledPolicy _policy;

    private PolicyEngine(CompiledPolicy policy, Value data, IReadOnlyList<RegoSource> sources)
    {
        _policy = policy;
        Data = data;
        Sources = sources;
    }

    public Value Data { get; }

    public IReadOnlyList<RegoSource> Sources { get; }

    /// <summary>Parses and compiles modules with a base data document (null: empty).</summary>
    /// <exception cref="PolicyCompileException">Listing every parse and compile error.</exception>
    public static PolicyEngine Compile(IEnumerable<RegoSource> sources, Value? data = null) =>
        Compile(sources, data, BuiltinRegistry.Default);

    /// <summary>
    /// Parses and compiles modules only to report on them, like <c>opa check</c>: every error, sorted by location
    /// (empty when they compile). <paramref name="strict"/> also rejects repeated and unused imports.
    /// </summary>
    public static IReadOnlyList<RegoDiagnostic> Check(IEnumerable<RegoSource> sources, bool strict = false)
    {
        try
        {
            Compile(sources, null, BuiltinRegistry.Default, strict);
            return [];
        }
        catch (PolicyCompileException e)
        {
            return e.Diagnostics
                .OrderBy(d => d.Location?.File ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(d => d.Location?.Line ?? 0)
                .ThenBy(d => d.Location?.Column ?? 0)
                .ToList();
        }
    }

    internal static PolicyEngine Compile(IEnumerable<RegoSource> sources, Value? data, BuiltinRegistry builtins, bool strict = false)
    {
        var list = sources.ToList();
        var modules = new List<Module>(list.Count);
        var diagnostics = new List<RegoDiagnostic>();
        foreach (var s in list)
        {
            try
            {
                modules.Add(Parser.ParseModule(s.Text, s.File, s.Version));
            }
            catch (RegoSyntaxException e)
            {
                diagnostics.Add(new RegoDiagnostic("rego_parse_error", e.Message, e.Location));
            }
        }

        if (diagnostics.Count > 0)
        {
            throw new PolicyCompileException(diagnostics);
        }

        try
        {
            var policy = Compiler.Compile(modules, builtins, strict);
            return new PolicyEngine(policy, data ?? ObjectValue.Empty, list);
        }
        catch (RegoAggregateException e)
        {
            throw new PolicyCompileException(e.Errors.Select(x => new RegoDiagnostic(x.Code, x.Message, x.Location)).ToList());
        }
        catch (RegoException e)
        {
            throw new PolicyCompileException([new RegoDiagnostic(e.Code, e.Message, e.Location)]);
        }
    }

    /// <summary>
    /// Loads every <c>*.rego</c> file under <paramref name="directory"/> (recursively) and every
    /// <c>data.json</c> / <c>data.yaml</c> / <c>data.yml</c>, merged as the data document at the
    /// directory path where the file sits. File names in diagnostics are relative to the directory.
    /// </summary>
    /// <exception cref="PolicyCompileException">When a module or data file fails to load.</exception>
    public static PolicyEngine LoadDirectory(string directory, bool includeTests = true, RegoVersion version = RegoVersion.V1)
    {
        var (sources, data) = ReadDirectory(directory, includeTests, version);
        return Compile(sources, data);
    }

    /// <summary>
    /// Loads like <c>opa eval -d</c>: each path is a directory (read as <see cref="LoadDirectory"/>, its data documents
    /// at their folders' paths), a <c>.rego</c> file, or a <c>.json</c>/<c>.yaml</c> data file at the root of data. Every
    /// path's data merges into one document; two files that set the same value are an error naming both.
    /// </summary>
    /// <exception cref="PolicyCompileException">When a module or data file fails to load, listing every one.</exception>
    public static PolicyEngine LoadPaths(IEnumerable<string> paths, RegoVersion version = RegoVersion.V1)
    {
        var files = new List<PolicyFile>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(FilesUnder(path).Select(f => f with { Path = Path.Combine(path, f.Path).Replace('\\', '/') }));
            }
            else
            {
                var kind = path.EndsWith(".rego", StringComparison.Ordinal) ? PolicyFileKind.Module : PolicyFileKind.Data;
                files.Add(new PolicyFile(path, File.ReadAllText(path), kind));
            }
        }
        return LoadFiles(files, version: version);
    }

    /// <summary>
    /// Compiles policy files read from anywhere (a Git tree, a folder): the one loader behind every other. Modules are
    /// read as <paramref name="version"/> unless a <c>.manifest</c> among the files says otherwise.
    /// </summary>
    /// <exception cref="PolicyCompileException">When a module or data file fails to load, listing every one.</exception>
    public static PolicyEngine LoadFiles(IEnumerable<PolicyFile> files, bool includeTests = true, RegoVersion version = RegoVersion.V1)
    {
        var (sources, data) = PolicyBundle.Read(files, includeTests, version);
        return Compile(sources, data);
    }

    /// <summary>Reads the modules and the merged data document of a policy directory.</summary>
    public static (List<RegoSource> Sources, Value Data) ReadDirectory(string directory, bool includeTests = true, RegoVersion version = RegoVersion.V1)
    {
        var (sources, data) = PolicyBundle.Read(FilesUnder(directory), includeTests, version);
        return (sources.ToList(), data);
    }

    private static IEnumerable<PolicyFile> FilesUnder(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(file => PolicyFile.FromTree(Path.GetRelativePath(directory, file), "") is { } found ? found with { Text = File.ReadAllText(file) } : null)
            .OfType<PolicyFile>()
            .ToList();

    /// <summary>Parses and compiles a query (e.g. <c>data.fleet.admission.deny</c> or <c>x := data.a[_]</c>).</summary>
    /// <exception cref="PolicyCompileException">When the query does not parse or compile.</exception>
    public PreparedQuery Prepare(string query) => Prepare(query, RegoVersion.V1);

    /// <summary>Parses a query as <paramref name="version"/> (as OPA reads it under <c>--v0-compatible</c>), then compiles it.</summary>
    /// <exception cref="PolicyCompileException">When the query does not parse or compile.</exception>
    public PreparedQuery Prepare(string query, RegoVersion version)
    {
        try
        {
            var body = Parser.ParseQuery(query, version: version);
            var texts = SplitTexts(query, body.Count);
            var compiled = Compiler.CompileQuery(_policy, body, captureExpressions: true, texts: texts);
            return new PreparedQuery(query, compiled);
        }
        catch (RegoSyntaxException e)
        {
            throw new PolicyCompileException([new RegoDiagnostic("rego_parse_error", e.Message, e.Location)]);
        }
        catch (RegoAggregateException e)
        {
            throw new PolicyCompileException(e.Errors.Select(x => new RegoDiagnostic(x.Code, x.Message, x.Location)).ToList());
        }
        catch (RegoException e)
        {
            throw new PolicyCompileException([new RegoDiagnostic(e.Code, e.Message, e.Location)]);
        }
    }

    private static string[] SplitTexts(string query, int count)
    {
        var parts = query.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == count ? parts : Enumerable.Repeat(query.Trim(), count).ToArray();
    }

    /// <summary>Evaluates a query text; compile errors are returned as <see cref="QueryResult.Error"/>.</summary>
    public QueryResult Evaluate(string query, Value? input = null, EvalOptions? options = null, CancellationToken ct = default)
    {
        PreparedQuery prepared;
        try
        {
            prepared = Prepare(query, options?.QueryVersion ?? RegoVersion.V1);
        }
        catch (PolicyCompileException e)
        {
            return new QueryResult([], [], [], e.Diagnostics[0], TimeSpan.Zero);
        }

        return Evaluate(prepared, input, options, ct);
    }

    /// <summary>Evaluates a prepared query with an input document (null: input undefined).</summary>
    public QueryResult Evaluate(PreparedQuery query, Value? input = null, EvalOptions? options = null, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        var evaluator = new Evaluator(_policy, Data, input, options ?? DefaultOptions, ct);
        try
        {
            var exprs = new List<Value[]>();
            var rows = evaluator.Run(query.Compiled, exprs);
            return new QueryResult(rows, exprs, query.Compiled.ExpressionTexts, null, sw.Elapsed);
        }
        catch (RegoException e)
        {
            return new QueryResult([], [], [], new RegoDiagnostic(e.Code, e.Message, e.Location), sw.Elapsed);
        }
    }

    private static readonly EvalOptions DefaultOptions = new();

    /// <summary>
    /// The fast path for a document: the value at a data path such as <c>fleet.admission</c>
    /// (dots or a leading "data." accepted), or null when undefined. Evaluation errors throw.
    /// </summary>
    /// <exception cref="PolicyEvaluationException">On an evaluation error (conflict, strict builtin error, cancellation budget).</exception>
    public Value? EvaluateDocument(string path, Value? input, EvalOptions? options = null, CancellationToken ct = default)
    {
        var parts = path.StartsWith("data.", StringComparison.Ordinal) ? path[5..].Split('.') : path == "data" ? [] : path.Split('.');
        var evaluator = new Evaluator(_policy, Data, input, options ?? DefaultOptions, ct);
        try
        {
            return evaluator.EvaluateDocument(parts);
        }
        catch (RegoException e)
        {
            throw new PolicyEvaluationException(new RegoDiagnostic(e.Code, e.Message, e.Location));
        }
    }

    /// <summary>Rule sets by full path ("data.pkg.rule"), e.g. to find tests.</summary>
    public IEnumerable<string> RulePaths => _policy.RuleSets.Select(r => r.DottedPath);

    internal CompiledPolicy Policy => _policy;

    /// <summary>Names of every builtin the default registry provides.</summary>
    public static IEnumerable<string> BuiltinNames => BuiltinRegistry.Default.All.Select(b => b.Name);
}
