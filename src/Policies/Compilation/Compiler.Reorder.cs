using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Compilation;

internal sealed partial class Compiler
{
    /// <summary>
    /// Orders body literals so that every variable is bound before a literal reads it, keeping the
    /// written order wherever it is already safe (as OPA's safety reordering does). A literal
    /// depends only on variables some other literal can bind: a variable nothing else binds stays
    /// local to its literal (e.g. a wildcard under <c>not</c>).
    /// </summary>
    private static List<Expr> Reorder(List<Expr> body, HashSet<int> boundBefore)
    {
        if (body.Count <= 1)
        {
            return body;
        }

        var n = body.Count;
        var ins = new HashSet<int>[n];
        var outs = new HashSet<int>[n];
        for (var i = 0; i < n; i++)
        {
            ins[i] = [];
            outs[i] = [];
            ExprVars(body[i], ins[i], outs[i]);
        }

        var bound = new HashSet<int>(boundBefore);
        var done = new bool[n];
        var result = new List<Expr>(n);
        while (result.Count < n)
        {
            var picked = -1;
            for (var i = 0; i < n && picked < 0; i++)
            {
                if (done[i])
                {
                    continue;
                }

                var ok = true;
                foreach (var v in ins[i])
                {
                    if (!bound.Contains(v) && BoundElsewhere(v, i, outs, done))
                    {
                        ok = false;
                        break;
                    }
                }

                if (ok && body[i].Kind is ExprKind.Unify or ExprKind.Assign && !body[i].Negated
                    && body[i].Left is VarTerm { Slot: >= 0 } l && body[i].Right is VarTerm { Slot: >= 0 } r
                    && !bound.Contains(l.Slot) && !bound.Contains(r.Slot)
                    && (BoundElsewhere(l.Slot, i, outs, done) || BoundElsewhere(r.Slot, i, outs, done)))
                {
                    ok = false;
                }

                if (ok)
                {
                    picked = i;
                }
            }

            if (picked < 0)
            {
                for (var i = 0; i < n; i++)
                {
                    if (!done[i])
                    {
                        picked = i;
                        break;
                    }
                }
            }

            done[picked] = true;
            result.Add(body[picked]);
            bound.UnionWith(outs[picked]);
        }

        return result;
    }

    private static bool BoundElsewhere(int slot, int self, HashSet<int>[] outs, bool[] done)
    {
        for (var j = 0; j < outs.Length; j++)
        {
            if (j != self && !done[j] && outs[j].Contains(slot))
            {
                return true;
            }
        }

        return false;
    }

    private static void ExprVars(Expr e, HashSet<int> ins, HashSet<int> outs)
    {
        if (e.Negated)
        {
            var tmpOuts = new HashSet<int>();
            TermsOf(e, ins, tmpOuts);
            ins.UnionWith(tmpOuts);
        }
        else
        {
            TermsOf(e, ins, outs);
        }

        foreach (var w in e.With)
        {
            TermVars(w.Value, ins, ins, bind: false);
        }

        // A variable the literal itself binds is not an input of it.
        ins.ExceptWith(outs);
    }

    private static void TermsOf(Expr e, HashSet<int> ins, HashSet<int> outs)
    {
        switch (e.Kind)
        {
            case ExprKind.Term:
                TermVars(e.Term!, ins, outs, bind: false);
                break;
            case ExprKind.Unify:
            case ExprKind.Assign:
                TermVars(e.Left!, ins, outs, bind: true);
                TermVars(e.Right!, ins, outs, bind: true);
                break;
            case ExprKind.SomeIn:
                if (e.Key is not null)
                {
                    TermVars(e.Key, ins, outs, bind: true);
                }

                TermVars(e.Value!, ins, outs, bind: true);
                TermVars(e.Collection!, ins, outs, bind: false);
                break;
            case ExprKind.Every:
            {
                TermVars(e.Collection!, ins, outs, bind: false);
                var inner = new HashSet<int>();
                foreach (var x in e.Body!)
                {
                    ExprVars(x, inner, inner);
                }

                inner.ExceptWith(e.InnerSlots);
                ins.UnionWith(inner);
                break;
            }
        }
    }

    private static void TermVars(Term t, HashSet<int> ins, HashSet<int> outs, bool bind)
    {
        switch (t)
        {
            case VarTerm v when v.Slot >= 0:
                (bind ? outs : ins).Add(v.Slot);
                break;
            case RefTerm r:
                if (r.Head is VarTerm { Slot: >= 0 } hv)
                {
                    ins.Add(hv.Slot);
                }
                else
                {
                    TermVars(r.Head, ins, outs, bind: false);
                }

                foreach (var p in r.Path)
                {
                    TermVars(p, ins, outs, bind: p is VarTerm || p is ArrayTerm || p is ObjectTerm);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    TermVars(i, ins, outs, bind);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    TermVars(i, ins, outs, bind: false);
                }

                break;
            case ObjectTerm o:
                foreach (var k in o.Keys)
                {
                    TermVars(k, ins, outs, bind: false);
                }

                foreach (var v in o.Values)
                {
                    TermVars(v, ins, outs, bind);
                }

                break;
            case CallTerm c:
                for (var i = 0; i < c.Args.Length; i++)
                {
                    // A call with one operand more than its arity binds that last operand to the result.
                    var isOutput = i == c.Args.Length - 1 && c.Args.Length > 1 && c.IsOutputForm;
                    TermVars(c.Args[i], ins, outs, bind: isOutput);
                }

                break;
            case ComprehensionTerm ct:
            {
                var inner = new HashSet<int>();
                foreach (var x in ct.Body)
                {
                    ExprVars(x, inner, inner);
                }

                if (ct.Key is not null)
                {
                    TermVars(ct.Key, inner, inner, false);
                }

                TermVars(ct.Value, inner, inner, false);
                inner.ExceptWith(ct.InnerSlots);
                ins.UnionWith(inner);
                break;
            }

            case TemplateTerm tt:
            {
                var inner = new HashSet<int>();
                foreach (var p in tt.Parts)
                {
                    if (p is Expr x)
                    {
                        ExprVars(x, inner, inner);
                    }
                }

                inner.ExceptWith(tt.InnerSlots);
                ins.UnionWith(inner);
                break;
            }
        }
    }
}
