using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Compilation;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>
/// Small helper functions such as <c>validator(pool) if pool.labels.role == "validator"</c>, called
/// once per member of a large collection: evaluated in place on a reused frame, without the memo entry,
/// operand copy, frame and continuations a general call costs. Only a single rule whose operands are
/// distinct variables, whose value is a constant and whose literals are filters or assignments
/// qualifies; a literal that turns out to need the general path sends the call there, from the start.
/// </summary>
internal sealed partial class Evaluator
{
    private Value?[][] _inlineFrames = new Value?[4][];
    private int _inlineDepth;

    private bool TryInlineCall(RuleSet rs, Value[] args, out Value? value)
    {
        value = null;
        var r = InlineRule(rs);
        if (r is null || _inlineDepth >= 32)
        {
            return false;
        }

        var depth = _inlineDepth++;
        if (depth == _inlineFrames.Length)
        {
            Array.Resize(ref _inlineFrames, depth * 2);
        }

        var frame = _inlineFrames[depth];
        if (frame is null || frame.Length < r.SlotCount)
        {
            frame = _inlineFrames[depth] = new Value?[Math.Max(r.SlotCount, 8)];
        }

        var savedRule = _currentRule;
        _currentRule = r;
        try
        {
            var ops = r.Args!;
            for (var i = 0; i < ops.Length; i++)
            {
                frame[((VarTerm)ops[i]).Slot] = args[i];
            }

            foreach (var e in r.Body)
            {
                _coverage?.Hit(e.Location);
                if (!FastLiteral(e, frame, out var holds, out var bindSlot, out var bindValue))
                {
                    return false;
                }

                Step();
                if (!holds)
                {
                    return true;
                }

                if (bindSlot >= 0)
                {
                    frame[bindSlot] = bindValue;
                }
            }

            value = ((ValueTerm)r.Value!).Value;
            _coverage?.Hit(r.Location);
            return true;
        }
        finally
        {
            _currentRule = savedRule;
            frame.AsSpan(0, r.SlotCount).Clear();
            _inlineDepth--;
        }
    }

    /// <summary>The function's one rule when it can be inlined (decided once per rule set), else null.</summary>
    private static Rule? InlineRule(RuleSet rs)
    {
        var state = Volatile.Read(ref rs.InlineState);
        if (state == 0)
        {
            state = IsInlinable(rs) ? 1 : 2;
            Volatile.Write(ref rs.InlineState, state);
        }

        return state == 1 ? rs.Rules[0] : null;
    }

    private static bool IsInlinable(RuleSet rs)
    {
        if (!rs.IsFunction || rs.Rules.Count != 1 || rs.Default is not null || rs.FirstArgIndex is not null)
        {
            return false;
        }

        var r = rs.Rules[0];
        if (r.Else is not null || r.Args is null || r.Value is not ValueTerm)
        {
            return false;
        }

        var slots = new HashSet<int>();
        foreach (var a in r.Args)
        {
            if (a is not VarTerm { Slot: >= 0 } v || !slots.Add(v.Slot))
            {
                return false;
            }
        }

        foreach (var e in r.Body)
        {
            if (e.With.Count > 0)
            {
                return false;
            }

            var ok = e.Kind switch
            {
                ExprKind.Term => Plain(e.Term),
                ExprKind.Assign or ExprKind.Unify => !e.Negated && Plain(e.Left) && Plain(e.Right),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Terms whose value does not depend on how often they are evaluated (no print, time, rand or http).</summary>
    private static bool Plain(Term? t) => t switch
    {
        ValueTerm or VarTerm => true,
        RefTerm r => Plain(r.Head) && r.Path.All(Plain),
        CallTerm c => !c.IsOutputForm
            && (c.FunctionPath is not null || (c.Builtin is { } b && !b.Declaration.Nondeterministic && b.Name != "print"))
            && c.Args.All(Plain),
        ArrayTerm a => a.Items.All(Plain),
        _ => false,
    };
}
