using System.Diagnostics;
using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Evaluation;

namespace GitOpsFleet.Policies.Testing;

/// <summary>
/// Runs policy tests with <c>opa test</c> semantics: every rule whose name starts with
/// <c>test_</c> is a test that passes when it is defined and not false; <c>todo_test_</c> rules
/// are skipped. Tests mock with <c>with</c> like any query.
/// </summary>
public sealed class PolicyTestRunner
{
    private readonly TimeProvider _time;

    public PolicyTestRunner(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Runs only the tests whose full name (<c>data.pkg.test_name</c>) matches, like <c>opa test --run</c>; null runs all.</summary>
    public Regex? Filter { get; init; }

    /// <summary>Record the rows the tests reach and report them, like <c>opa test --coverage</c>.</summary>
    public bool Coverage { get; init; }

    /// <summary>Loads every .rego and data file under <paramref name="directory"/> and runs the tests in it.</summary>
    /// <exception cref="PolicyCompileException">When the policies do not compile (nothing runs).</exception>
    public PolicyTestReport RunDirectory(string directory, bool verbose, TextWriter log, CancellationToken ct) =>
        Run(PolicyEngine.LoadDirectory(directory), verbose, log, ct);

    /// <summary>Runs the tests of a compiled engine; writes results like <c>opa test</c> and a PASS/FAIL summary.</summary>
    public PolicyTestReport Run(PolicyEngine engine, bool verbose, TextWriter log, CancellationToken ct)
    {
        var results = new List<PolicyTestResult>();
        var coverage = Coverage ? new CoverageRecorder() : null;
        foreach (var rs in engine.Policy.RuleSets.OrderBy(r => r.DottedPath, StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var name = rs.Path[^1];
            var isTodo = name.StartsWith("todo_test_", StringComparison.Ordinal);
            if (rs.IsFunction || (!name.StartsWith("test_", StringComparison.Ordinal) && !isTodo))
            {
                continue;
            }

            var package = string.Join('.', rs.Path[..^1]);
            // Filtered before the todo check so a skipped test outside the pattern is not reported either.
            if (Filter is not null && !Filter.IsMatch($"data.{package}.{name}"))
            {
                continue;
            }

            var location = rs.Rules.Count > 0 ? rs.Rules[0].Location : rs.Default?.Location;
            if (isTodo)
            {
                results.Add(new PolicyTestResult(package, name, PolicyTestOutcome.Skip, TimeSpan.Zero, location, null, []));
                continue;
            }

            var output = new List<string>();
            var start = _time.GetTimestamp();
            PolicyTestOutcome outcome;
            RegoDiagnostic? error = null;
            try
            {
                var value = engine.EvaluateDocument(rs.DottedPath, null, new EvalOptions { Print = output.Add, Time = _time, Coverage = coverage }, ct);
                outcome = value is null || value is Values.BooleanValue { Value: false } ? PolicyTestOutcome.Fail : PolicyTestOutcome.Pass;
            }
            catch (PolicyEvaluationException e)
            {
                outcome = PolicyTestOutcome.Error;
                error = e.Diagnostic;
            }

            results.Add(new PolicyTestResult(package, name, outcome, _time.GetElapsedTime(start), location, error, output));
        }

        Write(results, verbose, log);
        return new PolicyTestReport(results) { Coverage = coverage is null ? null : CoverageReport.Build(coverage, engine.Policy.Modules) };
    }

    private static void Write(List<PolicyTestResult> results, bool verbose, TextWriter log)
    {
        var byFile = results.GroupBy(r => r.Location?.File ?? string.Empty);
        foreach (var group in byFile)
        {
            var shown = verbose ? group.ToList() : group.Where(r => r.Outcome is PolicyTestOutcome.Fail or PolicyTestOutcome.Error).ToList();
            if (shown.Count == 0)
            {
                continue;
            }

            log.WriteLine($"{group.Key}:");
            foreach (var r in shown)
            {
                var status = r.Outcome switch
                {
                    PolicyTestOutcome.Pass => "PASS",
                    PolicyTestOutcome.Fail => "FAIL",
                    PolicyTestOutcome.Error => "ERROR",
                    _ => "SKIPPED",
                };
                log.WriteLine($"{r.FullName}: {status} ({FormatDuration(r.Duration)})");
                if (r.Error is not null)
                {
                    log.WriteLine($"  {r.Error}");
                }

                if (verbose || r.Outcome != PolicyTestOutcome.Pass)
                {
                    foreach (var line in r.Output)
                    {
                        log.WriteLine($"  {line}");
                    }
                }
            }
        }

        if (results.Count == 0)
        {
            log.WriteLine("no tests found");
            return;
        }

        log.WriteLine(new string('-', 80));
        var total = results.Count;
        var passed = results.Count(r => r.Outcome == PolicyTestOutcome.Pass);
        var failed = results.Count(r => r.Outcome == PolicyTestOutcome.Fail);
        var errors = results.Count(r => r.Outcome == PolicyTestOutcome.Error);
        var skipped = results.Count(r => r.Outcome == PolicyTestOutcome.Skip);
        if (passed > 0)
        {
            log.WriteLine($"PASS: {passed}/{total}");
        }

        if (failed > 0)
        {
            log.WriteLine($"FAIL: {failed}/{total}");
        }

        if (errors > 0)
        {
            log.WriteLine($"ERROR: {errors}/{total}");
        }

        if (skipped > 0)
        {
            log.WriteLine($"SKIPPED: {skipped}/{total}");
        }
    }

    private static string FormatDuration(TimeSpan d) =>
        d.TotalMilliseconds >= 1 ? $"{d.TotalMilliseconds:0.###}ms" : $"{d.TotalMicroseconds:0.###}µs";
}
