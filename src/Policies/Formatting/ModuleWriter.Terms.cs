using System.Globalization;
using System.Text;
using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Formatting;

internal sealed partial class ModuleWriter
{
    private static readonly Dictionary<string, string> Infix = new(StringComparer.Ordinal)
    {
        ["equal"] = "==", ["neq"] = "!=", ["lt"] = "<", ["lte"] = "<=", ["gt"] = ">", ["gte"] = ">=",
        ["plus"] = "+", ["minus"] = "-", ["mul"] = "*", ["div"] = "/", ["rem"] = "%",
        ["and"] = "&", ["or"] = "|", ["internal.member_2"] = "in",
    };

    private void Term(Term t, OperandContext context = OperandContext.Plain)
    {
        switch (t)
        {
            case ValueTerm v:
                Text(v.SourceText ?? ValueText(v.Value));
                Touch(v.Location.Line + (v.SourceText?.Count(c => c == '\n') ?? 0));
                break;
            case VarTerm v:
                Text(v.Name.StartsWith("$_", StringComparison.Ordinal) ? "_" : v.Name);
                break;
            case RefTerm r:
                Term(r.Head, OperandContext.Operand);
                foreach (var p in r.Path)
                {
                    WritePathElement(p);
                }

                break;
            case CallTerm c:
                Call(c, context);
                break;
            case ArrayTerm a:
                WriteItems("[", "]", a.Location.Line, a.Items, i => Term(i, OperandContext.Item));
                break;
            case SetTerm s:
                WriteItems("{", "}", s.Location.Line, s.Items, i => Term(i, OperandContext.Item));
                break;
            case ObjectTerm o:
                WriteItems("{", "}", o.Location.Line, Enumerable.Range(0, o.Keys.Length).ToArray(), i =>
                {
                    Term(o.Keys[i], OperandContext.Item);
                    Text(": ");
                    Term(o.Values[i], OperandContext.Item);
                }, i => MinLine(o.Keys[i]), i => Math.Max(MaxLine(o.Keys[i]), MaxLine(o.Values[i])));
                break;
            case ComprehensionTerm c:
                Comprehension(c);
                break;
            case TemplateTerm tt:
                Text(tt.SourceText);
                break;
            default:
                Text(t.ToString() ?? string.Empty);
                break;
        }
    }

    private void Call(CallTerm c, OperandContext context)
    {
        if (c.Name == "minus" && c.Args is [ValueTerm { Value: NumberValue zero, SourceText: null } z, var negated] && z.Location == c.Location && zero.Equals(NumberValue.Zero))
        {
            Text("-");
            Term(negated, OperandContext.Operand);
            return;
        }

        var member3 = c.Name == "internal.member_3" && c.Args.Length == 3;
        if ((Infix.TryGetValue(c.Name, out var op) && c.Args.Length == 2) || member3)
        {
            var parens = context == OperandContext.Operand || (context == OperandContext.Item && (op == "|" || member3));
            if (parens)
            {
                Text("(");
            }

            Term(c.Args[0], OperandContext.Operand);
            if (member3)
            {
                Text(", ");
                Term(c.Args[1], OperandContext.Operand);
                op = "in";
            }

            Text(" " + op + " ");
            Term(c.Args[^1], OperandContext.Operand);
            if (parens)
            {
                Text(")");
            }

            return;
        }

        Text(c.Name);
        WriteArgs(c.Location.Line, c.Args);
    }

    private void Comprehension(ComprehensionTerm c)
    {
        Text(c.Kind == ComprehensionKind.Array ? "[" : "{");
        if (c.Key is not null)
        {
            Term(c.Key, OperandContext.Item);
            Text(": ");
        }

        Term(c.Value, OperandContext.Item);
        Text(" |");
        var line = c.Location.Line;
        if (c.Body.TrueForAll(e => MinLine(e) == line && MaxLine(e) == line))
        {
            for (var i = 0; i < c.Body.Count; i++)
            {
                Text(i == 0 ? " " : "; ");
                Literal(c.Body[i]);
            }
        }
        else
        {
            Block(c.Body, MaxLine(c.Value), c.Kind == ComprehensionKind.Array ? ']' : '}');
        }

        Text(c.Kind == ComprehensionKind.Array ? "]" : "}");
    }

    /// <summary>
    /// Call and function operands: on one line unless they start on different source lines, then one per line, as
    /// OPA writes them (a single operand written on its own line comes back to the call's line).
    /// </summary>
    private void WriteArgs(int callLine, Term[] args)
    {
        var lines = args.Select(MinLine).ToArray();
        var multi = lines.Distinct().Count() > 1;
        WriteItems("(", ")", multi, onePerLine: true, args, args.Select(a => MaxLine(a)).DefaultIfEmpty(callLine).Max(), lines, a => Term(a, OperandContext.Value), callLine);
    }

    private void WriteItems<T>(string open, string close, int openLine, T[] items, Action<T> write, Func<T, int>? lineOf = null, Func<T, int>? maxOf = null)
        where T : notnull
    {
        lineOf ??= i => MinLine((Term)(object)i);
        maxOf ??= i => MaxLine((Term)(object)i);
        var lastLine = items.Length == 0 ? openLine : items.Max(maxOf);
        var lines = items.Select(lineOf).ToArray();
        WriteItems(open, close, lines.Any(l => l > openLine), onePerLine: false, items, lastLine, lines, write, openLine);
    }

    private void WriteItems<T>(string open, string close, bool multi, bool onePerLine, T[] items, int lastLine, int[] lines, Action<T> write, int openLine)
    {
        Text(open);
        if (!multi)
        {
            for (var i = 0; i < items.Length; i++)
            {
                if (i > 0)
                {
                    Text(", ");
                }

                write(items[i]);
            }

            Text(close);
            return;
        }

        // Written across lines: one line per source line of items (or per item), each ending with a comma, as OPA keeps them.
        Touch(openLine);
        EndLine();
        _indent++;
        for (var i = 0; i < items.Length; i++)
        {
            var newLine = i == 0 || onePerLine || lines[i] != lines[i - 1];
            if (i > 0 && newLine)
            {
                Text(",");
                EndLine();
            }

            if (newLine)
            {
                CommentsBefore(lines[i]);
            }
            else
            {
                Text(", ");
            }

            Touch(lines[i]);
            write(items[i]);
        }

        Text(",");
        EndLine();
        CommentsBeforeCloser(lastLine, close[0]);
        _indent--;
        Text(close);
    }

    private void WritePathElement(Term p)
    {
        if (p is ValueTerm { Value: StringValue s, SourceText: null } && IsIdent(s.Value))
        {
            Text("." + s.Value);
            return;
        }

        Text("[");
        Term(p, OperandContext.Value);
        Text("]");
    }

    private static string ValueText(Value v) => v switch
    {
        StringValue s => Quote(s.Value),
        SetValue { Count: 0 } => "set()",
        ArrayValue { Count: 0 } => "[]",
        ObjectValue { Count: 0 } => "{}",
        _ => v.ToString(),
    };

    internal static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static int MinLine(Expr e) => e.Kind switch
    {
        ExprKind.Term when !e.Negated => Math.Min(e.Location.Line, MinLine(e.Term!)),
        ExprKind.Unify or ExprKind.Assign => Math.Min(e.Location.Line, MinLine(e.Left!)),
        _ => e.Location.Line,
    };

    private static int MaxLine(Expr e)
    {
        var max = e.Location.Line;
        foreach (var t in new[] { e.Term, e.Left, e.Right, e.Key, e.Value, e.Collection })
        {
            if (t is not null)
            {
                max = Math.Max(max, MaxLine(t));
            }
        }

        foreach (var v in e.Vars ?? [])
        {
            max = Math.Max(max, v.Location.Line);
        }

        foreach (var b in e.Body ?? [])
        {
            max = Math.Max(max, MaxLine(b) + 1);
        }

        foreach (var w in e.With)
        {
            max = Math.Max(max, Math.Max(MaxLine(w.Target), MaxLine(w.Value)));
        }

        return max;
    }

    private static int MinLine(Term t) => t switch
    {
        CallTerm c when c.Args.Length > 0 => Math.Min(c.Location.Line, c.Args.Min(MinLine)),
        RefTerm r => Math.Min(r.Location.Line, MinLine(r.Head)),
        _ => t.Location.Line,
    };

    private static int MaxLine(Term t)
    {
        var max = t.Location.Line;
        switch (t)
        {
            case ValueTerm { SourceText: { } text }:
                max += text.Count(c => c == '\n');
                break;
            case TemplateTerm tt:
                max += tt.SourceText.Count(c => c == '\n');
                break;
            case RefTerm r:
                max = Math.Max(max, MaxLine(r.Head));
                max = r.Path.Aggregate(max, (m, p) => Math.Max(m, MaxLine(p)));
                break;
            case CallTerm c:
                max = c.Args.Aggregate(max, (m, a) => Math.Max(m, MaxLine(a)));
                break;
            case ArrayTerm a:
                max = a.Items.Aggregate(max, (m, i) => Math.Max(m, MaxLine(i)));
                break;
            case SetTerm s:
                max = s.Items.Aggregate(max, (m, i) => Math.Max(m, MaxLine(i)));
                break;
            case ObjectTerm o:
                max = o.Keys.Concat(o.Values).Aggregate(max, (m, i) => Math.Max(m, MaxLine(i)));
                break;
            case ComprehensionTerm c:
                max = Math.Max(max, MaxLine(c.Value));
                if (c.Key is not null)
                {
                    max = Math.Max(max, MaxLine(c.Key));
                }

                max = c.Body.Aggregate(max, (m, e) => Math.Max(m, MaxLine(e)));
                break;
        }

        return max;
    }
}
