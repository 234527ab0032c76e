using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// Go's text/template for strings.render_template: pipelines, variables, if/with/range with else (and else if / else with),
/// trim markers, comments and the predefined functions. Nested templates (define, template, block) are not supported.
/// A key missing from the data prints "&lt;undefined&gt;", as OPA's conformance cases expect; a null prints "&lt;no value&gt;".
/// </summary>
internal static partial class GoTemplate
{
    public static string Render(string template, ObjectValue vars)
    {
        var nodes = new Parser(Scan(template)).ParseTemplate();
        var exec = new Executor(vars);
        exec.Walk(nodes, vars);
        return exec.Output.ToString();
    }

    private static BuiltinException Fail(string message) => BuiltinException.Error("template: " + message);

    private enum Tok
    {
        Field,
        Variable,
        String,
        Number,
        Bool,
        Nil,
        Ident,
        Pipe,
        Open,
        Close,
        Declare,
        Assign,
        Comma,
    }

    private readonly record struct Token(Tok Kind, string Text);

    /// <summary>One piece of the source: text (Tokens null) or an action's tokens.</summary>
    private sealed record Item(string Text, List<Token>? Tokens);

    private static List<Item> Scan(string t)
    {
        var items = new List<Item>();
        var text = new StringBuilder();
        var trimNext = false;
        var i = 0;
        while (i < t.Length)
        {
            var open = t.IndexOf("{{", i, StringComparison.Ordinal);
            text.Append(open < 0 ? t[i..] : t[i..open]);
            if (open < 0)
            {
                break;
            }

            var j = open + 2;
            var trimLeft = j + 1 < t.Length && t[j] == '-' && IsSpace(t[j + 1]);
            if (trimLeft)
            {
                j += 2;
            }

            var (tokens, end, trimRight) = ScanAction(t, j);
            var before = text.ToString();
            if (trimNext)
            {
                before = before.TrimStart(' ', '\t', '\r', '\n');
            }

            if (trimLeft)
            {
                before = before.TrimEnd(' ', '\t', '\r', '\n');
            }

            items.Add(new Item(before, null));
            text.Clear();
            if (tokens is not null)
            {
                items.Add(new Item(string.Empty, tokens));
            }

            trimNext = trimRight;
            i = end;
        }

        var last = text.ToString();
        items.Add(new Item(trimNext ? last.TrimStart(' ', '\t', '\r', '\n') : last, null));
        return items;
    }

    private static bool IsSpace(char c) => c is ' ' or '\t' or '\r' or '\n';

    /// <summary>Reads an action's tokens up to its "}}"; a comment gives null tokens.</summary>
    private static (List<Token>? Tokens, int End, bool TrimRight) ScanAction(string t, int i)
    {
        while (i < t.Length && IsSpace(t[i]) && !t.AsSpan(i).StartsWith("/*"))
        {
            i++;
        }

        if (t.AsSpan(i).StartsWith("/*"))
        {
            var close = t.IndexOf("*/", i + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Fail("unclosed comment");
            }

            var k = close + 2;
            var trim = t.AsSpan(k).StartsWith(" -}}");
            k += trim ? 1 : 0;
            k += t.AsSpan(k).StartsWith("-}}") ? 1 : 0;
            if (!t.AsSpan(k).StartsWith("}}"))
            {
                throw Fail("comment ends before closing delimiter");
            }

            return (null, k + 2, trim);
        }

        var tokens = new List<Token>();
        while (true)
        {
            if (i >= t.Length)
            {
                throw Fail("unclosed action");
            }

            var c = t[i];
            if (IsSpace(c))
            {
                if (t.AsSpan(i + 1).StartsWith("-}}"))
                {
                    return (tokens, i + 4, true);
                }

                i++;
                continue;
            }

            if (t.AsSpan(i).StartsWith("}}"))
            {
                return (tokens, i + 2, false);
            }

            var start = i;
            switch (c)
            {
                case '|': tokens.Add(new Token(Tok.Pipe, "|")); i++; continue;
                case '(': tokens.Add(new Token(Tok.Open, "(")); i++; continue;
                case ')': tokens.Add(new Token(Tok.Close, ")")); i++; continue;
                case ',': tokens.Add(new Token(Tok.Comma, ",")); i++; continue;
                case '=': tokens.Add(new Token(Tok.Assign, "=")); i++; continue;
                case ':' when i + 1 < t.Length && t[i + 1] == '=': tokens.Add(new Token(Tok.Declare, ":=")); i += 2; continue;
                case '"' or '`' or '\'':
                    i = Quoted(t, i);
                    var body = Unquote(t[start..i]);
                    tokens.Add(c == '\'' ? new Token(Tok.Number, char.ConvertToUtf32(body, 0).ToString(System.Globalization.CultureInfo.InvariantCulture)) : new Token(Tok.String, body));
                    continue;
            }

            if (c is '.' or '$' || char.IsLetterOrDigit(c) || c is '_' or '-' or '+')
            {
                i++;
                while (i < t.Length && (char.IsLetterOrDigit(t[i]) || t[i] is '_' or '.' || (t[i] is '-' or '+' && t[i - 1] is 'e' or 'E' && char.IsAsciiDigit(t[start]))))
                {
                    i++;
                }

                var word = t[start..i];
                tokens.Add(word switch
                {
                    _ when word[0] == '.' => new Token(Tok.Field, word),
                    _ when word[0] == '$' => new Token(Tok.Variable, word),
                    "true" or "false" => new Token(Tok.Bool, word),
                    "nil" => new Token(Tok.Nil, word),
                    _ when char.IsAsciiDigit(word[0]) || word[0] is '-' or '+' => new Token(Tok.Number, word),
                    _ => new Token(Tok.Ident, word),
                });
                continue;
            }

            throw Fail($"unexpected {c} in command");
        }
    }

    private static int Quoted(string t, int i)
    {
        var q = t[i];
        for (var j = i + 1; j < t.Length; j++)
        {
            if (t[j] == '\\' && q != '`')
            {
                j++;
            }
            else if (t[j] == q)
            {
                return j + 1;
            }
        }

        throw Fail("unterminated quoted string");
    }

    private static string Unquote(string s)
    {
        if (s[0] == '`')
        {
            return s[1..^1];
        }

        var sb = new StringBuilder();
        for (var i = 1; i < s.Length - 1; i++)
        {
            if (s[i] != '\\')
            {
                sb.Append(s[i]);
                continue;
            }

            var e = s[++i];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 't': sb.Append('\t'); break;
                case 'r': sb.Append('\r'); break;
                case 'u' or 'x' or 'U':
                    var len = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    sb.Append(char.ConvertFromUtf32(Convert.ToInt32(s.Substring(i + 1, len), 16)));
                    i += len;
                    break;
                default: sb.Append(e); break;
            }
        }

        return sb.ToString();
    }
}
