using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Syntax;

internal sealed partial class Parser
{
    /// <summary>An infix operator continues the expression unless a line break precedes it outside brackets.</summary>
    private bool Continues(Token t) => !t.NewlineBefore || _nest > 0;

    private Term Relation(bool noPipe)
    {
        var left = BitOr(noPipe);
        while (Continues(Peek))
        {
            var name = Peek.Kind switch
            {
                TokenKind.Eq => "equal",
                TokenKind.Neq => "neq",
                TokenKind.Lt => "lt",
                TokenKind.Lte => "lte",
                TokenKind.Gt => "gt",
                TokenKind.Gte => "gte",
                _ => null,
            };
            if (name is null)
            {
                break;
            }

            var op = Next();
            var right = BitOr(noPipe);
            left = new CallTerm(name, [left, right], Loc(op));
        }

        return left;
    }

    private Term BitOr(bool noPipe)
    {
        var left = BitAnd();
        while (!noPipe && Peek.Kind == TokenKind.Pipe && Continues(Peek))
        {
            var op = Next();
            left = new CallTerm("or", [left, BitAnd()], Loc(op));
        }

        return left;
    }

    private Term BitAnd()
    {
        var left = Arith();
        while (Peek.Kind == TokenKind.Amp && Continues(Peek))
        {
            var op = Next();
            left = new CallTerm("and", [left, Arith()], Loc(op));
        }

        return left;
    }

    private Term Arith()
    {
        var left = Factor();
        while (Peek.Kind is TokenKind.Plus or TokenKind.Minus && Continues(Peek))
        {
            var op = Next();
            left = new CallTerm(op.Kind == TokenKind.Plus ? "plus" : "minus", [left, Factor()], Loc(op));
        }

        return left;
    }

    private Term Factor()
    {
        var left = Unary();
        while (Peek.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent && Continues(Peek))
        {
            var op = Next();
            var name = op.Kind switch { TokenKind.Star => "mul", TokenKind.Slash => "div", _ => "rem" };
            left = new CallTerm(name, [left, Unary()], Loc(op));
        }

        return left;
    }

    private Term Unary()
    {
        var t = Peek;
        if (t.Kind == TokenKind.Minus)
        {
            Next();
            var n = Peek;
            if (n.Kind == TokenKind.Number && Adjacent(t, n))
            {
                Next();
                return Postfix(new ValueTerm(NumberValue.Parse("-" + n.Text), Loc(t)) { SourceText = "-" + n.Text });
            }

            var operand = Unary();
            if (operand is ValueTerm { Value: NumberValue num })
            {
                return new ValueTerm(num.Negate(), Loc(t));
            }

            return new CallTerm("minus", [new ValueTerm(NumberValue.Zero, Loc(t)), operand], Loc(t));
        }

        return Postfix(Primary());
    }

    private Term Primary()
    {
        var t = Next();
        var loc = Loc(t);
        switch (t.Kind)
        {
            case TokenKind.Number:
                if (!NumberValue.TryParse(t.Text, out var num))
                {
                    throw Error(t, "invalid number");
                }

                return new ValueTerm(num, loc) { SourceText = t.Text };
            case TokenKind.String:
                return new ValueTerm(new StringValue(t.Text), loc);
            case TokenKind.RawString:
                return new ValueTerm(new StringValue(t.Text), loc) { SourceText = "`" + t.Text + "`" };
            case TokenKind.Template:
                return Template(t);
            case TokenKind.Ident:
                return Identifier(t);
            case TokenKind.LParen:
            {
                _nest++;
                var inner = InExprKeyValue();
                _nest--;
                Expect(TokenKind.RParen);
                return inner;
            }

            case TokenKind.LBrack:
                return ArrayOrComprehension(loc);
            case TokenKind.LBrace:
                return BraceTerm(loc);
            default:
                throw Error(t, t.Kind == TokenKind.Eof ? "unexpected eof token" : $"unexpected {Describe(t)} token");
        }
    }

    private Term Identifier(Token t)
    {
        var loc = Loc(t);
        var n = Peek;
        var dotNext = n.Kind == TokenKind.Dot && Adjacent(t, n);
        if (!dotNext)
        {
            switch (t.Text)
            {
                case "true":
                    return new ValueTerm(Value.True, loc);
                case "false":
                    return new ValueTerm(Value.False, loc);
                case "null":
                    return new ValueTerm(Value.Null, loc);
                case "set" when n.Kind == TokenKind.LParen && Adjacent(t, n) && PeekAt(1).Kind == TokenKind.RParen:
                    Next();
                    Next();
                    return new ValueTerm(SetValue.Empty, loc);
            }
        }

        return NewVar(t.Text, loc);
    }

    private Term Postfix(Term term)
    {
        while (true)
        {
            var t = Peek;
            if (t.Kind == TokenKind.Dot && _pos > 0 && Adjacent(_tokens[_pos - 1], t))
            {
                Next();
                var id = Expect(TokenKind.Ident);
                term = Extend(term, new ValueTerm(new StringValue(id.Text), Loc(id)));
            }
            else if (t.Kind == TokenKind.LBrack && !t.NewlineBefore && _pos > 0 && Adjacent(_tokens[_pos - 1], t))
            {
                Next();
                _nest++;
                var key = InExpr(false);
                _nest--;
                Expect(TokenKind.RBrack);
                term = Extend(term, key);
            }
            else if (t.Kind == TokenKind.LParen && _pos > 0 && Adjacent(_tokens[_pos - 1], t) && CallName(term) is { } name)
            {
                Next();
                _nest++;
                var args = new List<Term>();
                while (Peek.Kind != TokenKind.RParen)
                {
                    args.Add(InExpr(false));
                    if (Peek.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    Next();
                }

                _nest--;
                Expect(TokenKind.RParen);
                // A v0 module may still call the builtins v1 removed (re_match, any, cast_set, ...).
                var callee = !_v1 && Builtins.V0Deprecated.Renames.TryGetValue(name, out var v0Name) ? v0Name : name;
                term = new CallTerm(callee, args.ToArray(), term.Location);
            }
            else
            {
                return term;
            }
        }
    }

    private static Term Extend(Term term, Term key) => term switch
    {
        RefTerm r => new RefTerm(r.Head, [.. r.Path, key], r.Location),
        _ => new RefTerm(term, [key], term.Location),
    };

    /// <summary>The dotted name of a var or a ref of string keys, which may be called.</summary>
    private static string? CallName(Term term)
    {
        switch (term)
        {
            case VarTerm v:
                return v.Name;
            case RefTerm { Head: VarTerm h } r:
                var parts = new List<string> { h.Name };
                foreach (var p in r.Path)
                {
                    if (p is not ValueTerm { Value: StringValue s })
                    {
                        return null;
                    }

                    parts.Add(s.Value);
                }

                return string.Join('.', parts);
            default:
                return null;
        }
    }

    private Term ArrayOrComprehension(Syntax.SourceLocation loc)
    {
        _nest++;
        if (Peek.Kind == TokenKind.RBrack)
        {
            Next();
            _nest--;
            return new ValueTerm(ArrayValue.Empty, loc);
        }

        var first = InExpr(true);
        if (Peek.Kind == TokenKind.Pipe)
        {
            Next();
            var body = Body(TokenKind.RBrack);
            Expect(TokenKind.RBrack);
            _nest--;
            return new ComprehensionTerm(ComprehensionKind.Array, null, first, body, loc);
        }

        var items = new List<Term> { first };
        while (Peek.Kind == TokenKind.Comma)
        {
            Next();
            if (Peek.Kind == TokenKind.RBrack)
            {
                break;
            }

            items.Add(InExpr(false));
        }

        Expect(TokenKind.RBrack);
        _nest--;
        return KeepOrFold(new ArrayTerm(items.ToArray(), loc));
    }

    private Term BraceTerm(Syntax.SourceLocation loc)
    {
        _nest++;
        if (Peek.Kind == TokenKind.RBrace)
        {
            Next();
            _nest--;
            return new ValueTerm(ObjectValue.Empty, loc);
        }

        var first = InExpr(true);
        if (Peek.Kind == TokenKind.Colon)
        {
            Next();
            var firstValue = InExpr(true);
            if (Peek.Kind == TokenKind.Pipe)
            {
                Next();
                var body = Body(TokenKind.RBrace);
                Expect(TokenKind.RBrace);
                _nest--;
                return new ComprehensionTerm(ComprehensionKind.Object, first, firstValue, body, loc);
            }

            var keys = new List<Term> { first };
            var values = new List<Term> { firstValue };
            while (Peek.Kind == TokenKind.Comma)
            {
                Next();
                if (Peek.Kind == TokenKind.RBrace)
                {
                    break;
                }

                keys.Add(InExpr(false));
                Expect(TokenKind.Colon);
                values.Add(InExpr(false));
            }

            Expect(TokenKind.RBrace);
            _nest--;
            return KeepOrFold(new ObjectTerm(keys.ToArray(), values.ToArray(), loc));
        }

        if (Peek.Kind == TokenKind.Pipe)
        {
            Next();
            var body = Body(TokenKind.RBrace);
            Expect(TokenKind.RBrace);
            _nest--;
            return new ComprehensionTerm(ComprehensionKind.Set, null, first, body, loc);
        }

        var items = new List<Term> { first };
        while (Peek.Kind == TokenKind.Comma)
        {
            Next();
            if (Peek.Kind == TokenKind.RBrace)
            {
                break;
            }

            items.Add(InExpr(false));
        }

        Expect(TokenKind.RBrace);
        _nest--;
        return KeepOrFold(new SetTerm(items.ToArray(), loc));
    }

    private Term KeepOrFold(Term t) => _keepLiterals ? t : Fold(t);

    /// <summary>Folds a composite literal with only constant members into one constant.</summary>
    internal static Term Fold(Term t)
    {
        switch (t)
        {
            case ArrayTerm a when Array.TrueForAll(a.Items, i => i is ValueTerm):
                return new ValueTerm(new ArrayValue(Array.ConvertAll(a.Items, i => ((ValueTerm)i).Value)), a.Location);
            case SetTerm s when Array.TrueForAll(s.Items, i => i is ValueTerm):
                return new ValueTerm(SetValue.Of(Array.ConvertAll(s.Items, i => ((ValueTerm)i).Value)), s.Location);
            case ObjectTerm o when Array.TrueForAll(o.Keys, i => i is ValueTerm) && Array.TrueForAll(o.Values, i => i is ValueTerm):
                var b = new ObjectBuilder();
                for (var i = 0; i < o.Keys.Length; i++)
                {
                    b.Set(((ValueTerm)o.Keys[i]).Value, ((ValueTerm)o.Values[i]).Value);
                }

                return new ValueTerm(b.Build(), o.Location);
            default:
                return t;
        }
    }

    private Term Template(Token t)
    {
        var parts = new List<object>();
        foreach (var part in t.Parts!)
        {
            if (!part.IsExpression)
            {
                parts.Add(part.Text);
                continue;
            }

            var sub = new Parser(Lexer.Tokenize(part.Text, _file, part.Line, part.Column), _file) { _nest = 1, _v1 = _v1, _keywords = _keywords, _keepLiterals = _keepLiterals };
            var expr = sub.Literal();
            sub.Expect(TokenKind.Eof);
            parts.Add(expr);
        }

        return new TemplateTerm(parts, Loc(t)) { SourceText = t.Text };
    }
}
