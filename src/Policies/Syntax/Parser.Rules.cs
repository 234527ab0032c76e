using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Syntax;

internal sealed partial class Parser
{
    private Rule RuleDecl()
    {
        var start = Peek;
        var isDefault = false;
        if (AtKw("default"))
        {
            Next();
            isDefault = true;
        }

        var nameTok = Expect(TokenKind.Ident);
        var head = new List<Term> { new VarTerm(nameTok.Text, Loc(nameTok)) };
        var prev = nameTok;
        var lastInBrackets = false;
        while (true)
        {
            var t = Peek;
            if (t.Kind == TokenKind.Dot && Adjacent(prev, t))
            {
                Next();
                var id = Expect(TokenKind.Ident);
                head.Add(new ValueTerm(new StringValue(id.Text), Loc(id)));
                prev = id;
                lastInBrackets = false;
            }
            else if (t.Kind == TokenKind.LBrack && !t.NewlineBefore)
            {
                Next();
                _nest++;
                head.Add(InExpr(false));
                _nest--;
                prev = Expect(TokenKind.RBrack);
                lastInBrackets = true;
            }
            else
            {
                break;
            }
        }

        var rule = new Rule(Loc(start)) { Head = head.ToArray(), IsDefault = isDefault, Kind = RuleKind.SingleValue };
        if (Peek.Kind == TokenKind.LParen && !Peek.NewlineBefore)
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
            rule.Args = args.ToArray();
            rule.Kind = RuleKind.Function;
        }

        if (AtFutureKw("contains") && !Peek.NewlineBefore)
        {
            Next();
            rule.Kind = RuleKind.MultiValue;
            rule.Value = InExprKeyValue();
        }
        else if ((Peek.Kind is TokenKind.Assign or TokenKind.Unify) && !Peek.NewlineBefore)
        {
            Next();
            rule.Value = InExprKeyValue();
        }

        if (rule.Kind == RuleKind.MultiValue && rule.Value is null)
        {
            throw Error(Peek, "contains requires a value");
        }

        // v0 reads "p[x]" with no value as the partial set p holding x, where v1 reads it as p[x] = true. Only a
        // bracketed second term counts: "p.q" stays a single value, as in OPA.
        if (!_v1 && !isDefault && rule.Kind == RuleKind.SingleValue && rule.Value is null && head.Count == 2 && lastInBrackets)
        {
            rule.Kind = RuleKind.MultiValue;
            rule.Value = head[1];
            rule.Head = [head[0]];
        }

        ParseRuleBody(rule);
        if (!_v1 && rule.Value is null && !rule.HasBody && rule.Kind != RuleKind.MultiValue)
        {
            // A bare name is no rule in v0; it is most often a v1 keyword used without its future.keywords import.
            throw Error(start, $"rule {nameTok.Text} has neither a value nor a body (in v0, contains/if/in/every need an import of future.keywords)");
        }

        if (isDefault && rule.HasBody)
        {
            throw Error(start, "default rules must not have a body");
        }

        rule.Value ??= new ValueTerm(Value.True, rule.Location);
        var tail = rule;
        while (AtKw("else"))
        {
            var elseTok = Next();
            var e = new Rule(Loc(elseTok)) { Head = rule.Head, Kind = rule.Kind, Args = rule.Args };
            if (Peek.Kind is TokenKind.Assign or TokenKind.Unify)
            {
                Next();
                e.Value = InExprKeyValue();
            }

            ParseRuleBody(e);
            e.Value ??= new ValueTerm(Value.True, e.Location);
            tail.Else = e;
            tail = e;
        }

        return rule;
    }

    private void ParseRuleBody(Rule rule)
    {
        if (AtFutureKw("if") && !Peek.NewlineBefore)
        {
            Next();
            rule.HasBody = true;
            if (Peek.Kind == TokenKind.LBrace)
            {
                // "if { ... }" is a body, unless it only parses as one literal (an object/set comprehension).
                var save = _pos;
                try
                {
                    Next();
                    rule.Body = BodyInBraces();
                }
                catch (RegoSyntaxException bodyError)
                {
                    var afterBody = _pos;
                    _pos = save;
                    try
                    {
                        rule.Body = [Literal()];
                    }
                    catch (RegoSyntaxException)
                    {
                        _pos = afterBody;
                        throw bodyError;
                    }
                }
            }
            else
            {
                rule.Body = [Literal()];
            }
        }
        else if (Peek.Kind == TokenKind.LBrace && !Peek.NewlineBefore)
        {
            if (_v1)
            {
                throw Error(Peek, "`if` is required before a rule body in Rego v1 (a v0 policy loads with --v0-compatible, or a .manifest with \"rego_version\": 0)");
            }

            Next();
            rule.HasBody = true;
            rule.Body = BodyInBraces();
        }
    }

    private List<Expr> BodyInBraces()
    {
        var body = Body(TokenKind.RBrace);
        Expect(TokenKind.RBrace);
        return body;
    }

    /// <summary>Literals separated by ';' or line breaks, up to (not including) <paramref name="end"/>.</summary>
    private List<Expr> Body(TokenKind end)
    {
        var saved = _nest;
        _nest = 0;
        var body = new List<Expr>();
        while (Peek.Kind != end)
        {
            if (Peek.Kind == TokenKind.Semicolon)
            {
                Next();
                continue;
            }

            body.Add(Literal());
            var t = Peek;
            if (t.Kind == TokenKind.Semicolon)
            {
                Next();
            }
            else if (t.Kind != end && !t.NewlineBefore)
            {
                throw Error(t, t.Kind == TokenKind.Eof ? "unexpected eof token" : $"unexpected {Describe(t)} token");
            }
        }

        _nest = saved;
        if (body.Count == 0 && end != TokenKind.Eof)
        {
            throw Error(Peek, "found empty body");
        }

        return body;
    }

    private Expr Literal()
    {
        var start = Peek;
        Expr expr;
        if (AtKw("some"))
        {
            expr = SomeDecl();
        }
        else if (AtFutureKw("every"))
        {
            expr = EveryDecl();
        }
        else
        {
            var negated = false;
            if (AtKw("not"))
            {
                Next();
                negated = true;
            }

            expr = ExprStatement();
            expr.Negated = negated;
        }

        while (AtKw("with"))
        {
            var w = Next();
            var target = InExpr(false);
            if (!AtKw("as"))
            {
                throw Error(Peek, "expected as");
            }

            Next();
            var value = InExprKeyValue();
            expr.With.Add(new WithModifier(target, value, Loc(w)));
        }

        _ = start;
        return expr;
    }

    private Expr ExprStatement()
    {
        var start = Peek;
        var left = InExprKeyValue();
        if (Peek.Kind == TokenKind.Comma)
        {
            throw Error(Peek, "unexpected , token");
        }

        if (Peek.Kind == TokenKind.Unify && (!Peek.NewlineBefore || _nest > 0))
        {
            Next();
            return new Expr(ExprKind.Unify, Loc(start)) { Left = left, Right = InExprKeyValue() };
        }

        if (Peek.Kind == TokenKind.Assign && (!Peek.NewlineBefore || _nest > 0))
        {
            Next();
            return new Expr(ExprKind.Assign, Loc(start)) { Left = left, Right = InExprKeyValue() };
        }

        return new Expr(ExprKind.Term, Loc(start)) { Term = left };
    }

    private Expr SomeDecl()
    {
        var start = Next();
        var first = Relation(false);
        Term? second = null;
        if (Peek.Kind == TokenKind.Comma)
        {
            var save = _pos;
            Next();
            second = Relation(false);
            if (!AtFutureKw("in"))
            {
                // some x, y, z
                _pos = save;
                second = null;
            }
        }

        if (AtFutureKw("in"))
        {
            Next();
            var coll = Relation(false);
            return new Expr(ExprKind.SomeIn, Loc(start))
            {
                Key = second is null ? null : first,
                Value = second ?? first,
                Collection = coll,
            };
        }

        var vars = new List<VarTerm>();
        var t = first;
        while (true)
        {
            if (t is not VarTerm v)
            {
                throw Error(start, "expected var in some declaration");
            }

            vars.Add(v);
            if (Peek.Kind != TokenKind.Comma)
            {
                break;
            }

            Next();
            t = Relation(false);
        }

        return new Expr(ExprKind.SomeVars, Loc(start)) { Vars = vars };
    }

    private Expr EveryDecl()
    {
        var start = Next();
        var first = Relation(false);
        Term? second = null;
        if (Peek.Kind == TokenKind.Comma)
        {
            Next();
            second = Relation(false);
        }

        if (!AtFutureKw("in"))
        {
            throw Error(Peek, "expected in in every");
        }

        Next();
        var domain = Relation(false);
        Expect(TokenKind.LBrace);
        var body = BodyInBraces();
        return new Expr(ExprKind.Every, Loc(start))
        {
            Key = second is null ? null : first,
            Value = second ?? first,
            Collection = domain,
            Body = body,
        };
    }
}
