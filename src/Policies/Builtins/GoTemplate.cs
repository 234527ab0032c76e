using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// The subset of Go's text/template that strings.render_template policies use: <c>{{.a.b}}</c>,
/// <c>{{$v}}</c>, <c>{{range $i, $v := .xs}}</c>, <c>{{if x}}...{{else}}...{{end}}</c>. A missing key renders "&lt;undefined&gt;".
/// </summary>
internal static class GoTemplate
{
    public static string Render(string template, ObjectValue vars)
    {
        var tokens = Tokenize(template);
        var pos = 0;
        var sb = new StringBuilder();
        Exec(tokens, ref pos, sb, vars, new Dictionary<string, Value>(StringComparer.Ordinal), skip: false);
        return sb.ToString();
    }

    private static List<(bool Action, string Text)> Tokenize(string t)
    {
        var list = new List<(bool, string)>();
        var i = 0;
        while (i < t.Length)
        {
            var open = t.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                list.Add((false, t[i..]));
                break;
            }

            if (open > i)
            {
                list.Add((false, t[i..open]));
            }

            var close = t.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw BuiltinException.Error("template: unclosed action");
            }

            list.Add((true, t[(open + 2)..close].Trim()));
            i = close + 2;
        }

        return list;
    }

    /// <summary>Executes tokens until an unmatched {{end}} or {{else}}; returns that keyword.</summary>
    private static string Exec(List<(bool Action, string Text)> tokens, ref int pos, StringBuilder sb, Value dot, Dictionary<string, Value> vars, bool skip)
    {
        while (pos < tokens.Count)
        {
            var (action, text) = tokens[pos++];
            if (!action)
            {
                if (!skip)
                {
                    sb.Append(text);
                }

                continue;
            }

            if (text is "end" or "else")
            {
                return text;
            }

            if (text.StartsWith("if ", StringComparison.Ordinal))
            {
                var cond = !skip && Truthy(Eval(text[3..].Trim(), dot, vars));
                var kw = Exec(tokens, ref pos, sb, dot, vars, skip || !cond);
                if (kw == "else")
                {
                    Exec(tokens, ref pos, sb, dot, vars, skip || cond);
                }

                continue;
            }

            if (text.StartsWith("range ", StringComparison.Ordinal))
            {
                var spec = text[6..].Trim();
                string? keyVar = null, valVar = null;
                var assign = spec.IndexOf(":=", StringComparison.Ordinal);
                if (assign >= 0)
                {
                    var names = spec[..assign].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (names.Length == 2)
                    {
                        keyVar = names[0];
                        valVar = names[1];
                    }
                    else if (names.Length == 1)
                    {
                        valVar = names[0];
                    }

                    spec = spec[(assign + 2)..].Trim();
                }

                var coll = skip ? null : Eval(spec, dot, vars);
                var bodyStart = pos;
                var members = new List<(Value, Value)>();
                switch (coll)
                {
                    case ArrayValue a:
                        for (var i = 0; i < a.Count; i++)
                        {
                            members.Add((NumberValue.FromInt64(i), a[i]));
                        }

                        break;
                    case ObjectValue o:
                        for (var i = 0; i < o.Count; i++)
                        {
                            members.Add((o.Keys[i], o.Values[i]));
                        }

                        break;
                    case SetValue s:
                        for (var i = 0; i < s.Count; i++)
                        {
                            members.Add((NumberValue.FromInt64(i), s.Items[i]));
                        }

                        break;
                }

                if (members.Count == 0)
                {
                    var kw = Exec(tokens, ref pos, sb, dot, vars, true);
                    if (kw == "else")
                    {
                        Exec(tokens, ref pos, sb, dot, vars, skip);
                    }

                    continue;
                }

                var end = pos;
                foreach (var (k, v) in members)
                {
                    pos = bodyStart;
                    var inner = new Dictionary<string, Value>(vars, StringComparer.Ordinal);
                    if (keyVar is not null)
                    {
                        inner[keyVar] = k;
                    }

                    if (valVar is not null)
                    {
                        inner[valVar] = v;
                    }

                    var kw = Exec(tokens, ref pos, sb, v, inner, skip);
                    if (kw == "else")
                    {
                        Exec(tokens, ref pos, sb, v, inner, true);
                    }

                    end = pos;
                }

                pos = end;
                continue;
            }

            if (!skip)
            {
                var v = Eval(text, dot, vars);
                sb.Append(v is null ? "<undefined>" : Sprintf.Plain(v));
            }
        }

        return string.Empty;
    }

    private static bool Truthy(Value? v) => v switch
    {
        null or NullValue => false,
        BooleanValue b => b.Value,
        NumberValue n => n.Sign != 0,
        StringValue s => s.Value.Length > 0,
        ArrayValue a => a.Count > 0,
        ObjectValue o => o.Count > 0,
        SetValue s => s.Count > 0,
        _ => true,
    };

    private static Value? Eval(string expr, Value dot, Dictionary<string, Value> vars)
    {
        if (expr == ".")
        {
            return dot;
        }

        Value? cur;
        string rest;
        if (expr.StartsWith('$'))
        {
            var dotIdx = expr.IndexOf('.', StringComparison.Ordinal);
            var name = dotIdx < 0 ? expr : expr[..dotIdx];
            cur = vars.GetValueOrDefault(name);
            rest = dotIdx < 0 ? string.Empty : expr[dotIdx..];
        }
        else if (expr.StartsWith('.'))
        {
            cur = dot;
            rest = expr;
        }
        else
        {
            return new StringValue(expr.Trim('"'));
        }

        foreach (var part in rest.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            cur = cur is ObjectValue o ? o.Get(new StringValue(part)) : null;
            if (cur is null)
            {
                return null;
            }
        }

        return cur;
    }
}
