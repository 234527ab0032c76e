using System.Text;
using System.Text.RegularExpressions;
using GitOpsFleet.Policies.Builtins.Kernels.Patterns;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>regex.*: Go RE2 patterns evaluated on .NET's engine after translation.</summary>
internal static class Regexes
{
    internal static void Register(BuiltinRegistry.Builder b)
    {
        Register(new GuardedBuilder(b));
    }

    /// <summary>Adds regex builtins so a match timeout (backtracking fallback only) ends as eval_builtin_error.</summary>
    private readonly struct GuardedBuilder(BuiltinRegistry.Builder inner)
    {
        public void Add(string name, RegoType[] args, RegoType result, BuiltinFunction impl) =>
            inner.Add(name, args, result, (ctx, a) =>
            {
                try
                {
                    return impl(ctx, a);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw BuiltinException.Error($"pattern needs the backtracking engine and the match exceeded its {Re2Cache.FallbackTimeout.TotalSeconds:0}s limit");
                }
            });
    }

    private static void Register(GuardedBuilder b)
    {
        b.Add("regex.match", [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
            Value.Bool(Compile(Args.String(a, 0)).IsMatch(Args.String(a, 1))));
        b.Add("regex.is_valid", [RegoType.Any], RegoType.Boolean, (_, a) =>
            Value.Bool(a[0] is StringValue s && Re2Translator.IsValid(s.Value)));
        b.Add("regex.find_n", [RegoType.String, RegoType.String, RegoType.Number], RegoType.Array(RegoType.String), (_, a) =>
        {
            var re = Compile(Args.String(a, 0));
            return new ArrayValue(GoRegex.FindAll(re, Args.String(a, 1), Args.Int(a, 2)).Select(m => (Value)new StringValue(m.Value)).ToArray());
        });
        b.Add("regex.find_all_string_submatch_n", [RegoType.String, RegoType.String, RegoType.Number], RegoType.Array(RegoType.Array(RegoType.String)), (_, a) =>
        {
            var re = Compile(Args.String(a, 0));
            return new ArrayValue(GoRegex.FindAll(re, Args.String(a, 1), Args.Int(a, 2))
                .Select(m => (Value)new ArrayValue(m.Groups.Cast<Group>().Select(g => (Value)new StringValue(g.Success ? g.Value : "")).ToArray()))
                .ToArray());
        });
        b.Add("regex.split", [RegoType.String, RegoType.String], RegoType.Array(RegoType.String), (_, a) =>
        {
            var pattern = Args.String(a, 0);
            return new ArrayValue(GoRegex.Split(Compile(pattern), Args.String(a, 1), emptyPattern: pattern.Length == 0).Select(s => (Value)new StringValue(s)).ToArray());
        });
        b.Add("regex.replace", [RegoType.String, RegoType.String, RegoType.String], RegoType.String, (_, a) =>
            new StringValue(GoRegex.ReplaceAll(Compile(Args.String(a, 1)), Args.String(a, 0), Args.String(a, 2))));
        b.Add("regex.template_match", [RegoType.String, RegoType.String, RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
        {
            var template = Args.String(a, 0);
            var start = Args.String(a, 2);
            var end = Args.String(a, 3);
            if (start.Length != 1 || end.Length != 1)
            {
                throw BuiltinException.Error("delimiters must be single characters");
            }

            return Value.Bool(Compile(TemplateToPattern(template, start[0], end[0])).IsMatch(Args.String(a, 1)));
        });
        b.Add("regex.globs_match", [RegoType.String, RegoType.String], RegoType.Boolean, (_, a) =>
        {
            try
            {
                return Value.Bool(GlobIntersection.Intersect(Args.String(a, 0), Args.String(a, 1)));
            }
            catch (FormatException e)
            {
                throw BuiltinException.Error(e.Message);
            }
        });
    }

    private static Regex Compile(string pattern)
    {
        try
        {
            return Re2Translator.Compile(pattern);
        }
        catch (ArgumentException e)
        {
            throw BuiltinException.Error(e.Message.StartsWith("error parsing regexp", StringComparison.Ordinal) ? e.Message : "error parsing regexp: " + e.Message);
        }
    }

    /// <summary>Literal text is quoted; text between the delimiters is a regex; the whole template must match.</summary>
    private static string TemplateToPattern(string template, char open, char close)
    {
        var sb = new StringBuilder("^");
        var i = 0;
        while (i < template.Length)
        {
            var o = template.IndexOf(open, i);
            if (o < 0)
            {
                sb.Append(Re2Quote(template[i..]));
                break;
            }

            sb.Append(Re2Quote(template[i..o]));
            var depth = 1;
            var j = o + 1;
            while (j < template.Length && depth > 0)
            {
                if (template[j] == open)
                {
                    depth++;
                }
                else if (template[j] == close)
                {
                    depth--;
                }

                j++;
            }

            if (depth != 0)
            {
                throw BuiltinException.Error($"unbalanced braces in template {template}");
            }

            sb.Append("(?:").Append(template[(o + 1)..(j - 1)]).Append(')');
            i = j;
        }

        return sb.Append('$').ToString();
    }

    /// <summary>The built pattern is RE2 text, so literals are quoted in RE2's terms (Regex.Escape writes escapes RE2 refuses, like \#).</summary>
    private static string Re2Quote(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (c is '\\' or '.' or '+' or '*' or '?' or '(' or ')' or '|' or '[' or ']' or '{' or '}' or '^' or '$')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
