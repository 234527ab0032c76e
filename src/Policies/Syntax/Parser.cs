using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Syntax;

/// <summary>Recursive-descent parser for Rego modules (v1, or v0 when asked) and queries.</summary>
internal sealed partial class Parser
{
    /// <summary>The words Rego v1 reserves; a v0 module gets them one by one from <c>import future.keywords.*</c>.</summary>
    private static readonly string[] FutureKeywords = ["contains", "every", "if", "in"];

    private readonly List<Token> _tokens;
    private readonly string _file;
    private int _pos;
    private int _nest;
    private static int _wildcards;

    private List<(int Line, string Text, int Column, bool Trailing)> _comments = [];

    /// <summary>Set for the formatter: composite literals stay as written instead of folding into constants.</summary>
    private bool _keepLiterals;

    /// <summary>False while a v0 module is read; <c>import rego.v1</c> turns it on for the rest of the module.</summary>
    private bool _v1 = true;

    private HashSet<string> _keywords = [.. FutureKeywords];

    /// <summary>The module was given as v0 (it stays so for the import checks after <c>import rego.v1</c>).</summary>
    private readonly bool _v0Module;

    private bool _sawFuture;

    private bool _sawRegoV1;

    public Parser(string source, string file, RegoVersion version = RegoVersion.V1)
    {
        if (version == RegoVersion.V0)
        {
            _v0Module = true;
            _v1 = false;
            _keywords = [];
        }

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

    public static Module ParseModule(string source, string file, RegoVersion version = RegoVersion.V1)
    {
        var p = new Parser(source, file, version);
        var m = p.Module();
        m.Source = source;
        return m;
    }

    /// <summary>Parses a module for the formatter: literals unfolded, comments returned with their positions.</summary>
    internal static (Module Module, List<(int Line, string Text, int Column, bool Trailing)> Comments) ParseForFormat(string source, string file, RegoVersion version)
    {
        var p = new Parser(source, file, version) { _keepLiterals = true };
        var m = p.Module();
        m.Source = source;
        return (m, p._comments);
    }

    public static List<Expr> ParseQuery(string source, string file = "query", RegoVersion version = RegoVersion.V1)
    {
        var p = new Parser(source, file, version);
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

    /// <summary>At one of <see cref="FutureKeywords"/>, when this module has it; in v0 without the import it is a plain name.</summary>
    private bool AtFutureKw(string kw) => _keywords.Contains(kw) && IsKwAt(_pos, kw);

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

        var import = new Import(path.ToArray(), alias, Loc(start));
        SwitchSyntax(import);
        return import;
    }

    /// <summary>
    /// Applies <c>future.keywords</c> and <c>rego.v1</c> imports, which change how the rest of the module reads. They are
    /// checked in v1 too, where they change nothing, so a module moved between versions fails the same way.
    /// </summary>
    private void SwitchSyntax(Import import)
    {
        var path = import.Path;
        var dotted = string.Join('.', path);
        if (path[0] == "future")
        {
            if (path.Length is < 2 or > 3 || path[1] != "keywords" || (path.Length == 3 && !FutureKeywords.Contains(path[2])))
            {
                throw new RegoSyntaxException(import.Location, $"invalid import {dotted}: the future imports are future.keywords and future.keywords.{{{string.Join(", ", FutureKeywords)}}}");
            }

            if (_sawRegoV1 && _v0Module)
            {
                throw new RegoSyntaxException(import.Location, $"import {dotted} is not allowed next to import rego.v1, which implies it");
            }

            _sawFuture = true;
            _keywords.UnionWith(path.Length == 2 ? FutureKeywords : [path[2]]);
        }
        else if (path[0] == "rego")
        {
            if (path.Length != 2 || path[1] != "v1")
            {
                throw new RegoSyntaxException(import.Location, $"invalid import {dotted}: the only rego import is rego.v1");
            }

            if (_sawFuture && _v0Module)
            {
                throw new RegoSyntaxException(import.Location, "import rego.v1 is not allowed next to future.keywords imports, which it implies");
            }

            _sawRegoV1 = true;
            _v1 = true;
            _keywords.UnionWith(FutureKeywords);
        }
    }

    private string StringText(Token t) => t.Kind switch
    {
        TokenKind.String or TokenKind.RawString => t.Text,
        _ => throw Error(t, "string expected"),
    };
}
