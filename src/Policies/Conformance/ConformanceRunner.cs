using System.Diagnostics;
using GitOpsFleet.Policies.Builtins;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Evaluation;
using GitOpsFleet.Policies.Syntax;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Conformance;

/// <summary>
/// Runs OPA's evaluation conformance cases (<c>{"cases": [...]}</c> in .json or .yaml files,
/// searched recursively) and reports per-topic counts. Every case runs: a missing builtin fails.
/// </summary>
public sealed class ConformanceRunner
{
    private readonly BuiltinRegistry _builtins;

    public ConformanceRunner()
        : this(BuiltinRegistry.Default)
    {
    }

    internal ConformanceRunner(BuiltinRegistry builtins) => _builtins = builtins;

    /// <summary>Per-case time limit; a case over it fails.</summary>
    public TimeSpan CaseTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <param name="directory">Folder holding case files (recursively).</param>
    /// <param name="verbose">Write each failing case (file, index, note, reason) to <paramref name="log"/>.</param>
    /// <param name="log">Receives per-topic lines and the final "N passed, N failed" line.</param>
    public ConformanceReport RunDirectory(string directory, bool verbose, TextWriter log, CancellationToken ct)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var topics = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        var failures = new List<ConformanceFailure>();
        int passed = 0, failed = 0, skipped = 0;
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            var rel = Path.GetRelativePath(directory, file).Replace('\\', '/');
            var topic = rel.Contains('/') ? rel[..rel.IndexOf('/')] : Path.GetFileNameWithoutExtension(rel);
            if (!topics.TryGetValue(topic, out var counts))
            {
                counts = new int[3];
                topics[topic] = counts;
            }

            Value doc;
            try
            {
                var text = File.ReadAllText(file);
                doc = file.EndsWith(".json", StringComparison.Ordinal) ? ValueJson.Parse(text) : ValueYaml.Parse(text);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or YamlDotNet.Core.YamlException)
            {
                failures.Add(new ConformanceFailure(rel, -1, string.Empty, "cannot read case file: " + e.Message));
                if (verbose)
                {
                    log.WriteLine($"FAIL {rel}: cannot read case file: {e.Message}");
                }

                failed++;
                counts[1]++;
                continue;
            }

            if ((doc as ObjectValue)?.Get("cases") is not ArrayValue cases)
            {
                continue;
            }

            for (var i = 0; i < cases.Count; i++)
            {
                var c = cases[i] as ObjectValue ?? ObjectValue.Empty;
                var note = (c.Get("note") as StringValue)?.Value ?? string.Empty;
                string? reason;
                try
                {
                    reason = RunCase(c, ct);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    reason = "timed out";
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    reason = "crashed: " + e.GetType().Name + ": " + e.Message;
                }

                if (reason is null)
                {
                    passed++;
                    counts[0]++;
                }
                else
                {
                    failed++;
                    counts[1]++;
                    failures.Add(new ConformanceFailure(rel, i, note, reason));
                    if (verbose)
                    {
                        log.WriteLine($"FAIL {rel}#{i} {note}: {reason}");
                    }
                }
            }
        }

        var topicList = topics.Select(kv => new ConformanceTopic(kv.Key, kv.Value[0], kv.Value[1], kv.Value[2])).ToList();
        foreach (var t in topicList)
        {
            log.WriteLine($"{t.Name}: {t.Passed}/{t.Passed + t.Failed + t.Skipped}");
        }

        var report = new ConformanceReport(passed, failed, skipped, topicList, failures);
        log.WriteLine(report.Summary);
        return report;
    }

    /// <summary>Runs one case; null when it passes, else the reason.</summary>
    private string? RunCase(ObjectValue c, CancellationToken outer)
    {
        var modules = new List<RegoSource>();
        if (c.Get("modules") is ArrayValue mods)
        {
            for (var i = 0; i < mods.Count; i++)
            {
                modules.Add(new RegoSource($"test-{i}.rego", (mods[i] as StringValue)?.Value ?? string.Empty));
            }
        }

        var data = c.Get("data") ?? ObjectValue.Empty;
        var query = (c.Get("query") as StringValue)?.Value ?? string.Empty;
        var strict = c.Get("strict_error") is BooleanValue { Value: true };
        var sortBindings = c.Get("sort_bindings") is BooleanValue { Value: true };
        var ignoreGenerated = c.Get("ignore_generated_vars") is BooleanValue { Value: true };
        var wantCode = (c.Get("want_error_code") as StringValue)?.Value;
        var wantError = (c.Get("want_error") as StringValue)?.Value;
        var wantResult = c.Get("want_result");

        PolicyEngine engine;
        try
        {
            engine = PolicyEngine.Compile(modules, data, _builtins);
        }
        catch (PolicyCompileException e)
        {
            return "compile error: " + e.Message;
        }

        Value? input = c.Get("input");
        if (c.Get("input_term") is StringValue it)
        {
            var r = engine.Evaluate("__conformance_input__ = " + it.Value);
            if (r.Error is not null || r.Rows.Count == 0)
            {
                return "bad input_term: " + r.Error;
            }

            input = r.Rows[0]["__conformance_input__"];
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        cts.CancelAfter(CaseTimeout);
        List<Dictionary<string, Value>> rows;
        RegoException? error = null;
        rows = [];
        try
        {
            var body = Parser.ParseQuery(query);
            var compiled = Compiler.CompileQuery(engine.Policy, body);
            var evaluator = new Evaluator(engine.Policy, data, input, new EvalOptions { StrictBuiltinErrors = strict }, cts.Token);
            rows = evaluator.Run(compiled);
        }
        catch (RegoSyntaxException e)
        {
            return "query parse error: " + e.Message;
        }
        catch (RegoAggregateException e)
        {
            return "query compile error: " + e.Message;
        }
        catch (RegoException e)
        {
            error = e;
        }

        if (error is not null)
        {
            if (wantCode is null && wantError is null)
            {
                return "unexpected error: " + error.FullText;
            }

            if (wantCode is not null && error.Code != wantCode)
            {
                return $"want error code {wantCode}, got {error.FullText}";
            }

            if (wantError is not null && !error.FullText.Contains(wantError, StringComparison.Ordinal))
            {
                return $"want error containing \"{wantError}\", got {error.FullText}";
            }

            return null;
        }

        if (wantCode is not null || wantError is not null)
        {
            return $"want error {wantCode} {wantError}, got {rows.Count} result(s)";
        }

        if (wantResult is not ArrayValue want)
        {
            return null;
        }

        var got = new List<Value>();
        foreach (var row in rows)
        {
            var b = new ObjectBuilder();
            foreach (var kv in row)
            {
                if (ignoreGenerated && kv.Key.StartsWith("__localq", StringComparison.Ordinal))
                {
                    continue;
                }

                var v = ValueJson.Parse(ValueJson.ToJsonString(kv.Value));
                if (sortBindings)
                {
                    v = SortBinding(v);
                }

                b.Set(kv.Key, v);
            }

            got.Add(b.Build());
        }

        var expected = new List<Value>();
        foreach (var row in want.Items)
        {
            var v = sortBindings && row is ObjectValue ro ? SortRow(ro) : row;
            expected.Add(v);
        }

        var gs = SetValue.Of(got);
        var es = SetValue.Of(expected);
        if (!gs.Equals(es))
        {
            return $"want {Trim(es.ToString())}, got {Trim(gs.ToString())}";
        }

        return null;
    }

    private static string Trim(string s) => s.Length > 400 ? s[..400] + "..." : s;

    private static Value SortBinding(Value v) => v is ArrayValue a ? new ArrayValue(a.AsList().Order().ToArray()) : v;

    private static Value SortRow(ObjectValue row)
    {
        var b = new ObjectBuilder();
        for (var i = 0; i < row.Count; i++)
        {
            b.Set(row.Keys[i], SortBinding(row.Values[i]));
        }

        return b.Build();
    }
}
