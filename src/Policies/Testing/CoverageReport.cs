using System.Globalization;
using System.Text;
using System.Text.Json;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Evaluation;

namespace GitOpsFleet.Policies.Testing;

/// <summary>
/// Test coverage as <c>opa test --coverage</c> reports it: per file the rows reached (a rule head counts when the
/// rule produced a value, a literal when it was evaluated) and the rule heads and literals never reached
/// (<c>some</c> declarations aside), counted per row.
/// </summary>
public sealed class CoverageReport(IReadOnlyDictionary<string, FileCoverage> files)
{
    public IReadOnlyDictionary<string, FileCoverage> Files { get; } = files;

    public int CoveredLines => Files.Values.Sum(f => f.CoveredLines);

    public int NotCoveredLines => Files.Values.Sum(f => f.NotCoveredLines);

    public double Coverage => CoveredLines + NotCoveredLines == 0 ? 0 : 100.0 * CoveredLines / (CoveredLines + NotCoveredLines);

    internal static CoverageReport Build(CoverageRecorder recorder, IEnumerable<Module> modules)
    {
        var hit = recorder.Rows();
        var files = new SortedDictionary<string, FileCoverage>(StringComparer.Ordinal);
        var notCovered = new Dictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var m in modules)
        {
            var rows = notCovered.TryGetValue(m.File, out var set) ? set : notCovered[m.File] = [];
            foreach (var rule in m.Rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    Miss(recorder, m.File, r.Location.Line, rows);
                    foreach (var e in r.Body)
                    {
                        Walk(recorder, m.File, e, rows);
                    }

                    foreach (var t in HeadTerms(r))
                    {
                        WalkTerm(recorder, m.File, t, rows);
                    }
                }
            }
        }

        foreach (var file in hit.Keys.Union(notCovered.Keys))
        {
            var covered = Ranges(hit.TryGetValue(file, out var h) ? h : []);
            var missed = Ranges(notCovered.TryGetValue(file, out var n) ? [.. n] : []);
            files[file] = new FileCoverage(covered, missed);
        }

        return new CoverageReport(files);
    }

    private static IEnumerable<Term> HeadTerms(Rule r) => [.. r.Head, .. r.Args ?? [], .. r.Value is null ? [] : new[] { r.Value }];

    private static void Miss(CoverageRecorder recorder, string file, int row, SortedSet<int> rows)
    {
        if (!recorder.IsHit(file, row))
        {
            rows.Add(row);
        }
    }

    private static void Walk(CoverageRecorder recorder, string file, Expr e, SortedSet<int> rows)
    {
        // As OPA: `some` declarations are not counted.
        if (e.Kind is not (ExprKind.SomeVars or ExprKind.SomeIn))
        {
            Miss(recorder, file, e.Location.Line, rows);
        }

        foreach (var t in new[] { e.Term, e.Left, e.Right, e.Collection })
        {
            if (t is not null)
            {
                WalkTerm(recorder, file, t, rows);
            }
        }

        foreach (var b in e.Body ?? [])
        {
            Walk(recorder, file, b, rows);
        }
    }

    /// <summary>Literals nested in comprehensions count too.</summary>
    private static void WalkTerm(CoverageRecorder recorder, string file, Term t, SortedSet<int> rows)
    {
        switch (t)
        {
            case ComprehensionTerm c:
                foreach (var e in c.Body)
                {
                    Walk(recorder, file, e, rows);
                }

                break;
            case CallTerm c:
                foreach (var a in c.Args)
                {
                    WalkTerm(recorder, file, a, rows);
                }

                break;
            case RefTerm r:
                WalkTerm(recorder, file, r.Head, rows);
                foreach (var p in r.Path)
                {
                    WalkTerm(recorder, file, p, rows);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    WalkTerm(recorder, file, i, rows);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    WalkTerm(recorder, file, i, rows);
                }

                break;
            case ObjectTerm o:
                foreach (var i in o.Keys.Concat(o.Values))
                {
                    WalkTerm(recorder, file, i, rows);
                }

                break;
        }
    }

    private static List<LineRange> Ranges(int[] sorted)
    {
        var ranges = new List<LineRange>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] <= sorted[j] + 1)
            {
                j++;
            }

            ranges.Add(new LineRange(sorted[i], sorted[j]));
            i = j + 1;
        }

        return ranges;
    }

    /// <summary>OPA's JSON: files (keys sorted; empty lists, zero counts and zero coverage left out, as Go's omitempty), then the totals.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("files");
            foreach (var (file, fc) in Files.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject(file);
                WriteRanges(w, "covered", fc.Covered);
                WriteRanges(w, "not_covered", fc.NotCovered);
                if (fc.CoveredLines != 0)
                {
                    w.WriteNumber("covered_lines", fc.CoveredLines);
                }

                if (fc.NotCoveredLines != 0)
                {
                    w.WriteNumber("not_covered_lines", fc.NotCoveredLines);
                }

                if (fc.Coverage != 0)
                {
                    WriteFloat(w, "coverage", fc.Coverage);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteNumber("covered_lines", CoveredLines);
            w.WriteNumber("not_covered_lines", NotCoveredLines);
            WriteFloat(w, "coverage", Coverage);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteRanges(Utf8JsonWriter w, string name, IReadOnlyList<LineRange> ranges)
    {
        if (ranges.Count == 0)
        {
            return;
        }

        w.WriteStartArray(name);
        foreach (var r in ranges)
        {
            w.WriteStartObject();
            w.WriteStartObject("start");
            w.WriteNumber("row", r.Start);
            w.WriteEndObject();
            w.WriteStartObject("end");
            w.WriteNumber("row", r.End);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    /// <summary>Go prints a float64 in its shortest round-trip form, integral values without a fraction.</summary>
    private static void WriteFloat(Utf8JsonWriter w, string name, double value)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(value.ToString("R", CultureInfo.InvariantCulture));
    }
}
