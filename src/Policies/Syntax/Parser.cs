using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Syntax;

/// <summary>Recursive-descent parser for Rego v1 modules and queries.</summary>
internal sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private readonly string _file;
    private int _pos;
    private int _nest;
    private static int _wildcards;

    private List<(int Line, string Text)> _comments = [];

    public Parser(string source, string file)
    {
        var lexer = new Lexer(source, file);
        _tokens = lexer.All();
        _comments = lexer.Comments;
        _file = file;
    }

    private Parser(List<Token> tokens, string file)
    {
        _tokens = tokens;
        _file = file;
    }

    public static Module ParseModule(string source, string file)
    {
        var p = new Parser(source, file);
        var m = p.Module();
        m.Source = source;
        return m;
    }

    public static List<Expr> ParseQuery(string source, string file = "query")
    {
        var p = new Parser(source, file);
        var body = p.Body(TokenKind.Eof);
        p.Expect(TokenKind.Eof);
        return body;
    }

    /// <summary>Parses a single term (for input_term and the like).</summary>
    public static Term ParseTerm(string source, string file = "term")
    {
        var p = new Parser(source, file);
        var t = p.InExpr(false);
        p.Expect(TokenKind.Eof);
        return t;
    }

    private Token Peek => _tokens[_pos];

    private Token PeekAt(int k) => _tokens[Math.Min(_pos + k, _tokens.Count - 1)];

    private Token Next() => _tokens[_pos++ < _tokens.Count - 1 ? _pos - 1 : _tokens.Count - 1];

    private SourceLocation Loc(Token t) => new(_file, t.Line, t.Column);

    private RegoSyntaxException Error(Token t, string message) => new(Loc(t), message);

    private Token Expect(TokenKind kind)
    {
        var t = Peek;
        if (t.Kind != kind)
        {
            throw Error(t, $"unexpected {Describe(t)} token: expected {Describe(kind)}");
        }

        _pos++;
        return t;
    }

    private static string Describe(Token t) => t.Kind switch
    {
        TokenKind.Ident => "ident",
        TokenKind.String or TokenKind.RawString or TokenKind.Template => "string",
        TokenKind.Number => "number",
        TokenKind.Eof => "eof",
        _ => t.Text,
    };

    private static string Describe(TokenKind k) => k switch
    {
        TokenKind.RBrace => "}",
        TokenKind.RBrack => "]",
        TokenKind.RParen => ")",
        TokenKind.Ident => "ident",
        _ => k.ToString().ToLowerInvariant(),
    };

    private bool AtKw(string kw) => IsKwAt(_pos, kw);

    private bool IsKwAt(int index, string kw)
    {
        var t = _tokens[Math.Min(index, _tokens.Count - 1)];
        if (t.Kind != TokenKind.Ident || t.Text != kw)
        {
            return false;
        }

        var n = _tokens[Math.Min(index + 1, _tokens.Count - 1)];
        return !(n.Kind == TokenKind.Dot && n.Offset == t.Offset + t.Text.Length);
    }

    private static bool Adjacent(Token a, Token b) => b.Offset == a.Offset + a.Text.Length;

    private VarTerm NewVar(string name, SourceLocation loc)
    {
        if (name == "_")
        {
            var n = Interlocked.Increment(ref _wildcards);
            return new VarTerm("$_" + n, loc);
        }

        return new VarTerm(name, loc);
    }

    internal static VarTerm Generated(string prefix, SourceLocation loc) =>
        new("$" + prefix + Interlocked.Increment(ref _wildcards), loc);

    private Module Module()
    {
        var pkgTok = Peek;
        if (!AtKw("package"))
        {
            throw Error(pkgTok, "package expected");
        }

        Next();
        var path = new List<string>();
        path.Add(Expect(TokenKind.Ident).Text);
        while (true)
        {
            if (Peek.Kind == TokenKind.Dot)
            {
                Next();
                path.Add(Expect(TokenKind.Ident).Text);
            }
            else if (Peek.Kind == TokenKind.LBrack && !Peek.NewlineBefore)
            {
                Next();
                var s = Next();
                if (s.Kind is not (TokenKind.String or TokenKind.RawString))
                {
                    throw Error(s, "unexpected non-string package path element");
                }

                path.Add(StringText(s));
                Expect(TokenKind.RBrack);
            }
            else
            {
                break;
            }
        }

        var module = new Module(_file, path.ToArray(), Loc(pkgTok));
        module.PackageAnnotations = Annotations(pkgTok.Line, "package");
        while (Peek.Kind != TokenKind.Eof)
        {
            if (AtKw("import"))
            {
                module.Imports.Add(ImportDecl());
            }
            else
            {
                var ruleLine = Peek.Line;
                var rule = RuleDecl();
                rule.Module = module;
                rule.Annotations = Annotations(ruleLine, "rule");
                for (var r = rule.Else; r is not null; r = r.Else)
                {
                    r.Module = module;
                }

                module.Rules.Add(rule);
            }
        }

        return module;
    }

    /// <summary>The METADATA comment block ending on the line before <paramref name="line"/>, as an annotations object.</summary>
    private Value? Annotations(int line, string defaultScope)
    {
        var end = _comments.FindLastIndex(c => c.Line == line - 1);
        if (end < 0)
        {
            return null;
        }

        var start = end;
        while (start > 0 && _comments[start - 1].Line == _comments[start].Line - 1)
        {
            start--;
        }

        var meta = -1;
        for (var i = start; i <= end; i++)
        {
            if (_comments[i].Text.Trim() == "METADATA")
            {
                meta = i;
            }
        }

        if (meta < 0)
        {
            return null;
        }

        var yaml = new System.Text.StringBuilder();
        for (var i = meta + 1; i <= end; i++)
        {
            var text = _comments[i].Text;
            yaml.Append(text.StartsWith(' ') ? text[1..] : text).Append('\n');
        }

        Value parsed;
        try
        {
            parsed = ValueYaml.Parse(yaml.ToString());
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new RegoSyntaxException(new SourceLocation(_file, _comments[meta].Line, 1), "invalid METADATA block: " + e.Message);
        }

        var b = parsed is ObjectValue o ? new ObjectBuilder(o) : new ObjectBuilder();
        if (!b.TryGet(new StringValue("scope"), out _))
        {
            b.Set("scope", new StringValue(defaultScope));
        }

        if (b.TryGet(new StringValue("authors"), out var authors) && authors is ArrayValue list)
        {
            b.Set("authors", new ArrayValue(list.AsList().Select(Author).ToArray()));
        }

        if (b.TryGet(new StringValue("related_resources"), out var rel) && rel is ArrayValue rl)
        {
            b.Set("related_resources", new ArrayValue(rl.AsList().Select(r => r is StringValue rs ? ObjectValue.Empty.With(new StringValue("ref"), rs) : r).ToArray()));
        }

        return b.Build();
    }

    private static Value Author(Value a)
    {
        if (a is not StringValue s)
        {
            return a;
        }

        var text = s.Value.Trim();
        var b = new ObjectBuilder();
        var lt = text.LastIndexOf('<');
        if (lt >= 0 && text.EndsWith('>'))
        {
            var name = text[..lt].Trim();
            if (name.Length > 0)
            {
                b.Set("name", new StringValue(name));
            }

            b.Set("email", new StringValue(text[(lt + 1)..^1]));
        }
        else
        {
            b.Set("name", new StringValue(text));
        }

        return b.Build();
    }

    private Import ImportDecl()
    {
        var start = Next();
        var path = new List<string> { Expect(TokenKind.Ident).Text };
        while (true)
        {
            if (Peek.Kind == TokenKind.Dot)
            {
                Next();
                path.Add(Expect(TokenKind.Ident).Text);
            }
            else if (Peek.Kind == TokenKind.LBrack && !Peek.NewlineBefore)
            {
                Next();
                path.Add(StringText(Next()));
                Expect(TokenKind.RBrack);
            }
            else
            {
                break;
            }
        }

        string? alias = null;
        if (AtKw("as") && !Peek.NewlineBefore)
        {
            Next();
            alias = Expect(TokenKind.Ident).Text;
        }

        if (path[0] is not ("data" or "input" or "future" or "rego"))
        {
            throw Error(start, "unexpected import path, must begin with one of: {data, future, input, rego}, got: " + path[0]);
        }

        return new Import(path.ToArray(), alias, Loc(start));
    }

    private static string StringText(Token t) => t.Kind switch
    {
        TokenKind.String or TokenKind.RawString => t.Text,
        _ => throw new RegoSyntaxException(SourceLocation.None, "string expected"),
    };
}
