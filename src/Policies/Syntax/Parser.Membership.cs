using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Syntax;

internal sealed partial class Parser
{
    /// <summary>Membership (<c>x in xs</c>), the loosest binary operator.</summary>
    private Term InExpr(bool noPipe) => Membership(Relation(noPipe), noPipe);

    /// <summary>
    /// Membership where OPA also reads the key-value form <c>k, v in xs</c>: whole expressions, both
    /// sides of <c>=</c>/<c>:=</c>, parentheses, rule and <c>contains</c> values and <c>with</c> values.
    /// Inside lists (arrays, sets, objects, call arguments) a comma separates items instead, so
    /// <c>[k, v in xs]</c> is two items there.
    /// A comma not followed by <c>v in</c> is left for the caller, as OPA backtracks the same way.
    /// </summary>
    private Term InExprKeyValue()
    {
        var start = Peek;
        var left = Relation(false);
        if (Peek.Kind == TokenKind.Comma)
        {
            var save = _pos;
            Next();
            Term? value = null;
            try
            {
                value = Relation(false);
            }
            catch (RegoSyntaxException)
            {
                // Not a key-value membership; the comma belongs to the caller.
            }

            if (value is not null && AtFutureKw("in") && Continues(Peek))
            {
                Next();
                var coll = Relation(false);
                left = new CallTerm("internal.member_3", [left, value, coll], Loc(start));
            }
            else
            {
                _pos = save;
            }
        }

        return Membership(left, false);
    }

    private Term Membership(Term left, bool noPipe)
    {
        while (AtFutureKw("in") && Continues(Peek))
        {
            var op = Next();
            var right = Relation(noPipe);
            left = new CallTerm("internal.member_2", [left, right], Loc(op));
        }

        return left;
    }
}
