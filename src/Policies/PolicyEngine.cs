using System.Diagnostics;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Evaluation;
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

    internal static PolicyEngine Compile(IEnumerable<RegoSource> sources, Value? data, BuiltinRegistry builtins)
    {
        var list = sources.ToList();
        var modules = new List<Module>(list.Count);
        var diagnostics = new List<RegoDiagnostic>();
        foreach (var s in list)
        {
            try
            {
                modules.Add(Parser.ParseModule(s.Text, s.File));
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
            var policy = Compiler.Compile(modules, builtins);
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
    public static PolicyEngine LoadDirectory(string directory, bool includeTests = true)
    {
        var (sources, data) = ReadDirectory(directory, includeTests);
        return Compile(sources, data);
    }

    /// <summary>
    /// Loads like <c>opa eval -d</c>: each path is a directory (read as <see cref="LoadDirectory"/>), a
    /// <c>.rego</c> file, or a <c>.json</c>/<c>.yaml</c> data file merged at the root of data.
    /// </summary>
    /// <exception cref="PolicyCompileException">When a module or data file fails to load.</exception>
    public static PolicyEngine LoadPaths(IEnumerable<string> paths)
    {
        var sources = new List<RegoSource>();
        Value data = ObjectValue.Empty;
        var diagnostics = new List<RegoDiagnostic>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var (s, d) = ReadDirectory(path);
                sources.AddRange(s.Select(x => x with { File = Path.Combine(path, x.File).Replace('\\', '/') }));
                data = Merge(data, d);
            }
            else if (path.EndsWith(".rego", StringComparison.Ordinal))
            {
                sources.Add(new RegoSource(path, File.ReadAllText(path)));
            }
            else
            {
                try
                {
                    var text = File.ReadAllText(path);
                    data = Merge(data, path.EndsWith(".json", StringComparison.Ordinal) ? ValueJson.Parse(text) : ValueYaml.Parse(text));
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException)
                {
                    diagnostics.Add(new RegoDiagnostic("rego_parse_error", $"data file: {e.Message}", new SourceLocation(path, 1, 1)));
                }
            }
        }

        if (diagnostics.Count > 0)
        {
            throw new PolicyCompileException(diagnostics);
        }

        return Compile(sources, data);
    }

    /// <summary>Reads the modules and the merged data document of a policy directory.</summary>
    public static (List<RegoSource> Sources, Value Data) ReadDirectory(string directory, bool includeTests = true)
    {
        var sources = new List<RegoSource>();
        Value data = ObjectValue.Empty;
        var diagnostics = new List<RegoDiagnostic>();
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(directory, file).Replace('\\', '/');
            var name = Path.GetFileName(file);
            if (file.EndsWith(".rego", StringComparison.Ordinal))
            {
                if (!includeTests && name.EndsWith("_test.rego", StringComparison.Ordinal))
                {
                    continue;
                }

                sources.Add(new RegoSource(rel, File.ReadAllText(file)));
            }
            else if (name is "data.json" or "data.yaml" or "data.yml")
            {
                try
                {
                    var text = File.ReadAllText(file);
                    var v = name.EndsWith(".json", StringComparison.Ordinal) ? ValueJson.Parse(text) : ValueYaml.Parse(text);
                    var dir = Path.GetDirectoryName(rel)?.Replace('\\', '/') ?? string.Empty;
                    var prefix = dir.Length == 0 ? [] : dir.Split('/');
                    data = MergeAt(data, prefix, 0, v);
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException)
                {
                    diagnostics.Add(new RegoDiagnostic("rego_parse_error", $"data file: {e.Message}", new SourceLocation(rel, 1, 1)));
                }
            }
        }

        if (diagnostics.Count > 0)
        {
            throw new PolicyCompileException(diagnostics);
        }

        return (sources, data);
    }

    private static Value MergeAt(Value target, string[] path, int i, Value v)
    {
        if (i == path.Length)
        {
            return Merge(target, v);
        }

        var obj = target as ObjectValue ?? ObjectValue.Empty;
        var key = new StringValue(path[i]);
        return obj.With(key, MergeAt(obj.Get(key) ?? ObjectValue.Empty, path, i + 1, v));
    }

    private static Value Merge(Value a, Value b)
    {
        if (a is not ObjectValue oa || b is not ObjectValue ob)
        {
            return b;
        }

        var builder = new ObjectBuilder(oa);
        for (var i = 0; i < ob.Count; i++)
        {
            builder.Set(ob.Keys[i], oa.Get(ob.Keys[i]) is { } existing ? Merge(existing, ob.Values[i]) : ob.Values[i]);
        }

        return builder.Build();
    }

    /// <summary>Parses and compiles a query (e.g. <c>data.fleet.admission.deny</c> or <c>x := data.a[_]</c>).</summary>
    /// <exception cref="PolicyCompileException">When the query does not parse or compile.</exception>
    public PreparedQuery Prepare(string query)
    {
        try
        {
            var body = Parser.ParseQuery(query);
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
            prepared = Prepare(query);
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
