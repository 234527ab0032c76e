using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Formatting;

internal sealed partial class ModuleWriter
{
    private void WriteRule(Rule rule)
    {
        if (rule.IsDefault)
        {
            Text("default ");
        }

        WriteHeadRef(rule.Head);
        if (rule.Args is { } args)
        {
            WriteArgs(rule.Location.Line, args);
        }

        if (rule.Kind == RuleKind.MultiValue)
        {
            Text(" contains ");
            Term(rule.Value!, OperandContext.Value);
        }
        else if (!IsImplicitTrue(rule))
        {
            Text(" := ");
            Term(rule.Value!, OperandContext.Value);
        }

        Touch(rule.Location.Line);
        var braced = false;
        if (rule.HasBody)
        {
            braced = WriteBody(rule, rule.Location.Line);
        }

        for (var e = rule.Else; e is not null; e = e.Else)
        {
            if (braced)
            {
                Text(" else");
            }
            else
            {
                EndLine();
                CommentsBefore(e.Location.Line);
                Text("else");
            }

            if (!IsImplicitTrue(e))
            {
                Text(" := ");
                Term(e.Value!, OperandContext.Value);
            }

            Touch(e.Location.Line);
            braced = e.HasBody && WriteBody(e, e.Location.Line);
        }

        EndLine();
    }

    /// <summary>The value a rule gets when none is written: the parser places it at the rule's own location.</summary>
    private static bool IsImplicitTrue(Rule r) =>
        r.Value is ValueTerm { Value: BooleanValue { Value: true } } v && v.Location == r.Location;

    private void WriteHeadRef(Term[] head)
    {
        Term(head[0]);
        foreach (var p in head.Skip(1))
        {
            WritePathElement(p);
        }
    }

    /// <summary>Writes " if ..." and returns whether the body ended with a closing brace.</summary>
    private bool WriteBody(Rule rule, int headLine)
    {
        Text(" if");
        if (rule.Body.Count == 1 && MinLine(rule.Body[0]) == headLine && MaxLine(rule.Body[0]) == headLine && !HasCommentBetween(headLine, headLine))
        {
            Text(" ");
            Literal(rule.Body[0]);
            return false;
        }

        Text(" {");
        Block(rule.Body, headLine, '}');
        Text("}");
        return true;
    }

    private bool HasCommentBetween(int from, int to) =>
        _comments.Skip(_next).Any(c => c.Line >= from && c.Line <= to && !c.Trailing);

    /// <summary>Ends the current line, writes the literals one per line one level deeper, and leaves the line open for the closer.</summary>
    private void Block(List<Expr> body, int openLine, char closer)
    {
        Touch(openLine);
        EndLine();
        _indent++;
        var prevEnd = openLine;
        foreach (var lit in body)
        {
            var start = MinLine(lit);
            var firstBelow = _next < _comments.Count && _comments[_next].Line < start ? _comments[_next].Line : start;
            if (prevEnd != openLine && HasBlankLineBetween(prevEnd, firstBelow))
            {
                BlankLine();
            }

            CommentsBefore(start);
            Literal(lit);
            Touch(MaxLine(lit));
            EndLine();
            prevEnd = MaxLine(lit);
        }

        CommentsBeforeCloser(prevEnd, closer);
        _indent--;
    }

    /// <summary>An empty source line strictly between the two lines: one blank line between literals is kept, as OPA keeps it.</summary>
    private bool HasBlankLineBetween(int after, int before)
    {
        var lines = SourceLines;
        for (var i = after + 1; i < before && i <= lines.Length; i++)
        {
            if (lines[i - 1].Trim().Length == 0)
            {
                return true;
            }
        }

        return false;
    }

    private string[] SourceLines => _sourceLines ??= _module.Source.Split('\n');

    /// <summary>
    /// Comments between the last item of a block or composite and its closer stay inside it. The closer's line is the
    /// next line of code when that line starts with the closer; otherwise the closer shares the last item's line and
    /// the comments below belong to what follows.
    /// </summary>
    private void CommentsBeforeCloser(int lastLine, char closer)
    {
        var close = NextCodeLine(lastLine);
        if (close != int.MaxValue && SourceLines[close - 1].TrimStart().StartsWith(closer))
        {
            CommentsBefore(close);
        }
    }

    /// <summary>The first source line after <paramref name="line"/> that holds a token other than a comment, or max.</summary>
    private int NextCodeLine(int line)
    {
        var lines = SourceLines;
        for (var i = line; i < lines.Length; i++)
        {
            var t = lines[i].Trim();
            if (t.Length > 0 && !t.StartsWith('#'))
            {
                return i + 1;
            }
        }

        return int.MaxValue;
    }

    private void Literal(Expr e)
    {
        Touch(e.Location.Line);
        switch (e.Kind)
        {
            case ExprKind.Term:
                if (e.Negated)
                {
                    Text("not ");
                }

                Term(e.Term!, OperandContext.Value);
                break;
            case ExprKind.Unify:
            case ExprKind.Assign:
                Term(e.Left!, OperandContext.Value);
                Text(e.Kind == ExprKind.Unify ? " = " : " := ");
                Term(e.Right!, OperandContext.Value);
                break;
            case ExprKind.SomeVars:
                Text("some ");
                for (var i = 0; i < e.Vars!.Count; i++)
                {
                    if (i > 0)
                    {
                        Text(", ");
                    }

                    Term(e.Vars[i]);
                }

                break;
            case ExprKind.SomeIn:
            case ExprKind.Every:
                Text(e.Kind == ExprKind.SomeIn ? "some " : "every ");
                if (e.Key is not null)
                {
                    Term(e.Key);
                    Text(", ");
                }

                Term(e.Value!);
                Text(" in ");
                Term(e.Collection!);
                if (e.Kind == ExprKind.Every)
                {
                    Text(" {");
                    Block(e.Body!, MaxLine(e.Collection!), '}');
                    Text("}");
                }

                break;
        }

        foreach (var w in e.With)
        {
            Text(" with ");
            Term(w.Target);
            Text(" as ");
            Term(w.Value, OperandContext.Value);
        }
    }

    private bool IsOneLine(Rule r)
    {
        if (r.HasBody && !(r.Body.Count == 1 && MinLine(r.Body[0]) == r.Location.Line && MaxLine(r.Body[0]) == r.Location.Line))
        {
            return false;
        }

        return MaxLine(r) == r.Location.Line;
    }

    private static int LastLine(Import i) => i.Location.Line;

    private int LastLine(Rule r)
    {
        var max = MaxLine(r);
        if (r.HasBody && !IsOneLine(r))
        {
            // The closing brace is below the last literal.
            var close = NextCodeLine(max);
            return close == int.MaxValue ? max + 1 : close;
        }

        return max;
    }

    private static int MaxLine(Rule r)
    {
        var max = r.Location.Line;
        foreach (var h in r.Head)
        {
            max = Math.Max(max, MaxLine(h));
        }

        foreach (var a in r.Args ?? [])
        {
            max = Math.Max(max, MaxLine(a));
        }

        if (r.Value is not null)
        {
            max = Math.Max(max, MaxLine(r.Value));
        }

        foreach (var e in r.Body)
        {
            max = Math.Max(max, MaxLine(e));
        }

        if (r.Else is not null)
        {
            max = Math.Max(max, MaxLine(r.Else));
        }

        return max;
    }
}
