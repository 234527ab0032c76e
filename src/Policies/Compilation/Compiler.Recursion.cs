using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Compilation;

internal sealed partial class Compiler
{
    /// <summary>
    /// Rejects rules and functions that depend on themselves (OPA's rego_recursion_error). Runs after
    /// name resolution, because only then are refs to rules known as data paths. Without it a
    /// recursive function would recurse until the process runs out of stack.
    /// </summary>
    private void CheckRecursion()
    {
        var deps = new Dictionary<RuleSet, HashSet<RuleSet>>();
        foreach (var rs in _ruleSets)
        {
            var set = new HashSet<RuleSet>();
            var rules = new List<Rule>(rs.Rules);
            if (rs.Default is not null)
            {
                rules.Add(rs.Default);
            }

            foreach (var rule in rules)
            {
                for (var r = rule; r is not null; r = r.Else)
                {
                    foreach (var e in r.Body)
                    {
                        ExprDeps(e, set);
                    }

                    foreach (var t in r.Tail)
                    {
                        TermDeps(t, set);
                    }

                    if (r.Value is not null)
                    {
                        TermDeps(r.Value, set);
                    }

                    foreach (var a in r.Args ?? [])
                    {
                        TermDeps(a, set);
                    }
                }
            }

            deps[rs] = set;
        }

        var state = new Dictionary<RuleSet, int>();
        var stack = new List<RuleSet>();
        foreach (var rs in _ruleSets)
        {
            if (Visit(rs, deps, state, stack) is { } cycle)
            {
                var first = cycle[0];
                _errors.Add(new RegoException(
                    "rego_recursion_error",
                    $"rule {first.DottedPath} is recursive: {string.Join(" -> ", cycle.Select(c => c.DottedPath))}",
                    first.Rules.Count > 0 ? first.Rules[0].Location : first.Default?.Location));
                return;
            }
        }
    }

    private static List<RuleSet>? Visit(RuleSet rs, Dictionary<RuleSet, HashSet<RuleSet>> deps, Dictionary<RuleSet, int> state, List<RuleSet> stack)
    {
        state.TryGetValue(rs, out var s);
        if (s == 2)
        {
            return null;
        }

        if (s == 1)
        {
            var start = stack.IndexOf(rs);
            return [.. stack.Skip(start), rs];
        }

        state[rs] = 1;
        stack.Add(rs);
        foreach (var d in deps[rs])
        {
            if (Visit(d, deps, state, stack) is { } cycle)
            {
                return cycle;
            }
        }

        stack.RemoveAt(stack.Count - 1);
        state[rs] = 2;
        return null;
    }

    private void ExprDeps(Expr e, HashSet<RuleSet> into)
    {
        foreach (var t in new[] { e.Term, e.Left, e.Right, e.Key, e.Value, e.Collection })
        {
            if (t is not null)
            {
                TermDeps(t, into);
            }
        }

        foreach (var x in e.Body ?? [])
        {
            ExprDeps(x, into);
        }

        foreach (var w in e.With)
        {
            TermDeps(w.Value, into);
        }
    }

    private void TermDeps(Term t, HashSet<RuleSet> into)
    {
        switch (t)
        {
            case RefTerm r:
                if (r.DataPrefix is { } prefix)
                {
                    RefDeps(prefix, prefix.Length < r.Path.Length, into);
                }
                else
                {
                    TermDeps(r.Head, into);
                }

                foreach (var p in r.Path)
                {
                    TermDeps(p, into);
                }

                break;
            case VarTerm { Slot: DataSlot }:
                RefDeps([], false, into);
                break;
            case CallTerm c:
                if (c.FunctionPath is not null && FindRuleSet(c.FunctionPath) is { } fn)
                {
                    into.Add(fn);
                }

                foreach (var a in c.Args)
                {
                    TermDeps(a, into);
                }

                break;
            case ArrayTerm a:
                foreach (var i in a.Items)
                {
                    TermDeps(i, into);
                }

                break;
            case SetTerm s:
                foreach (var i in s.Items)
                {
                    TermDeps(i, into);
                }

                break;
            case ObjectTerm o:
                foreach (var i in o.Keys)
                {
                    TermDeps(i, into);
                }

                foreach (var i in o.Values)
                {
                    TermDeps(i, into);
                }

                break;
            case ComprehensionTerm ct:
                if (ct.Key is not null)
                {
                    TermDeps(ct.Key, into);
                }

                TermDeps(ct.Value, into);
                foreach (var e in ct.Body)
                {
                    ExprDeps(e, into);
                }

                break;
            case TemplateTerm tt:
                foreach (var p in tt.Parts)
                {
                    if (p is Expr e)
                    {
                        ExprDeps(e, into);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// A data ref depends on the rule set it reaches, or on every rule set below the package it names.
    /// A ref that continues with computed keys below a package is left to the evaluator's run-time guard.
    /// </summary>
    private void RefDeps(string[] prefix, bool dynamicTail, HashSet<RuleSet> into)
    {
        var node = _root;
        foreach (var p in prefix)
        {
            if (node.Rules is not null)
            {
                into.Add(node.Rules);
                return;
            }

            if (!node.Children.TryGetValue(p, out node!))
            {
                return;
            }
        }

        if (node.Rules is not null)
        {
            into.Add(node.Rules);
        }
        else if (!dynamicTail)
        {
            AddAll(node, into);
        }
    }

    private static void AddAll(DataNode node, HashSet<RuleSet> into)
    {
        if (node.Rules is not null)
        {
            into.Add(node.Rules);
        }

        foreach (var c in node.Children.Values)
        {
            AddAll(c, into);
        }
    }
}
