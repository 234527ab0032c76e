using System.Globalization;
using System.Text;

namespace GitOpsFleet.Policies.Syntax;

/// <summary>Turns Rego source into tokens, each with its line and column.</summary>
internal sealed class Lexer
{
    private readonly string _src;
    private readonly string _file;
    private readonly int _lineBase;
    private readonly int _colBase;
    private int _pos;
    private int _line;
    private int _lineStart;

    /// <param name="lineBase">Line of the first character (for embedded template expressions).</param>
    /// <param name="colBase">Column of the first character on the first line.</param>
    public Lexer(string source, string file, int lineBase = 1, int colBase = 1)
    {
        _src = source;
        _file = file;
        _lineBase = lineBase;
        _colBase = colBase;
        _line = 0;
    }

    public static List<Token> Tokenize(string source, string file, int lineBase = 1, int colBase = 1) =>
        new Lexer(source, file, lineBase, colBase).All();

    /// <summary>
    /// Comments seen while tokenizing: line, text after '#', column, and whether a token precedes it on its line.
    /// METADATA annotations are read from them; the formatter puts them back in place.
    /// </summary>
    public List<(int Line, string Text, int Column, bool Trailing)> Comments { get; } = [];

    private SourceLocation Loc(int line, int col) => new(_file, line, col);

    private int CurLine => _lineBase + _line;

    private int ColAt(int offset) => _line == 0 ? _colBase + (offset - _lineStart) : offset - _lineStart + 1;

    private RegoSyntaxException Error(string message) => new(Loc(CurLine, ColAt(_pos)), message);

    public List<Token> All()
    {
        var tokens = new List<Token>();
        var newline = true;
        while (true)
        {
            // whitespace and comments
            while (_pos < _src.Length)
            {
                var c = _src[_pos];
                if (c == '\n')
                {
                    newline = true;
                    _pos++;
                    _line++;
                    _lineStart = _pos;
                }
                else if (c is ' ' or '\t' or '\r')
                {
                    _pos++;
                }
                else if (c == '#')
                {
                    var commentCol = ColAt(_pos);
                    var trailing = tokens.Count > 0 && tokens[^1].Line == CurLine;
                    var textStart = _pos + 1;
                    while (_pos < _src.Length && _src[_pos] != '\n')
                    {
                        _pos++;
                    }

                    Comments.Add((CurLine, _src[textStart.._pos].TrimEnd('\r'), commentCol, trailing));
                }
                else
                {
                    break;
                }
            }

            var start = _pos;
            var line = CurLine;
            var col = ColAt(_pos);
            if (_pos >= _src.Length)
            {
                tokens.Add(new Token(TokenKind.Eof, string.Empty, start, line, col, true));
                return tokens;
            }

            var ch = _src[_pos];
            Token tok;
            if (char.IsAsciiLetter(ch) || ch == '_')
            {
                while (_pos < _src.Length && (char.IsAsciiLetterOrDigit(_src[_pos]) || _src[_pos] == '_'))
                {
                    _pos++;
                }

                tok = new Token(TokenKind.Ident, _src[start.._pos], start, line, col, newline);
            }
            else if (char.IsAsciiDigit(ch))
            {
                tok = new Token(TokenKind.Number, ScanNumber(), start, line, col, newline);
            }
            else if (ch == '"')
            {
                _pos++;
                tok = new Token(TokenKind.String, ScanString(), start, line, col, newline);
            }
            else if (ch == '`')
            {
                _pos++;
                var end = _src.IndexOf('`', _pos);
                if (end < 0)
                {
                    throw Error("non-terminated raw string");
                }

                var text = _src[_pos..end];
                AdvanceTo(end + 1);
                tok = new Token(TokenKind.RawString, text, start, line, col, newline);
            }
            else if (ch == '$' && _pos + 1 < _src.Length && (_src[_pos + 1] == '"' || _src[_pos + 1] == '`'))
            {
                var raw = _src[_pos + 1] == '`';
                _pos += 2;
                var parts = ScanTemplate(raw);
                tok = new Token(TokenKind.Template, _src[start.._pos], start, line, col, newline) { Parts = parts };
            }
            else
            {
                tok = ScanPunct(start, line, col, newline);
            }

            tokens.Add(tok);
            newline = false;
        }
    }

    private static bool PrevIsTermEnd(List<Token> tokens) =>
        tokens.Count > 0 && !tokens[^1].NewlineBefore.Equals(null) && tokens[^1].Kind is TokenKind.Ident or TokenKind.RBrack or TokenKind.RParen or TokenKind.RBrace or TokenKind.String;

    private void AdvanceTo(int end)
    {
        while (_pos < end)
        {
            if (_src[_pos] == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            _pos++;
        }
    }

    private string ScanNumber()
    {
        var start = _pos;
        while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
        {
            _pos++;
        }

        if (_pos + 1 < _src.Length && _src[_pos] == '.' && char.IsAsciiDigit(_src[_pos + 1]))
        {
            _pos++;
            while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                _pos++;
            }
        }

        if (_pos < _src.Length && (_src[_pos] == 'e' || _src[_pos] == 'E'))
        {
            var save = _pos;
            _pos++;
            if (_pos < _src.Length && (_src[_pos] == '+' || _src[_pos] == '-'))
            {
                _pos++;
            }

            if (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
            {
                while (_pos < _src.Length && char.IsAsciiDigit(_src[_pos]))
                {
                    _pos++;
                }
            }
            else
            {
                _pos = save;
            }
        }

        return _src[start.._pos];
    }

    /// <summary>Scans a double-quoted string body after the opening quote and returns its value.</summary>
    private string ScanString()
    {
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _src.Length || _src[_pos] == '\n')
            {
                throw Error("non-terminated string");
            }

            var c = _src[_pos++];
            if (c == '"')
            {
                return sb.ToString();
            }

            if (c == '\\')
            {
                sb.Append(ScanEscape(allowBrace: false));
            }
            else
            {
                sb.Append(c);
            }
        }
    }

    private string ScanEscape(bool allowBrace)
    {
        if (_pos >= _src.Length)
        {
            throw Error("non-terminated string");
        }

        var e = _src[_pos++];
        switch (e)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case '{' when allowBrace: return "{";
            case 'u':
                if (_pos + 4 > _src.Length || !int.TryParse(_src.AsSpan(_pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    throw Error("invalid escape sequence");
                }

                _pos += 4;
                return ((char)code).ToString();
            default:
                throw Error("illegal escape sequence");
        }
    }

    private List<TemplatePart> ScanTemplate(bool raw)
    {
        var parts = new List<TemplatePart>();
        var sb = new StringBuilder();
        var close = raw ? '`' : '"';
        while (true)
        {
            if (_pos >= _src.Length || (!raw && _src[_pos] == '\n'))
            {
                throw Error("non-terminated template string");
            }

            var c = _src[_pos];
            if (c == close)
            {
                _pos++;
                if (sb.Length > 0)
                {
                    parts.Add(new TemplatePart(false, sb.ToString(), 0, 0, 0));
                }

                return parts;
            }

            if (c == '\\' && raw)
            {
                if (_pos + 1 < _src.Length && _src[_pos + 1] == '{')
                {
                    sb.Append('{');
                    _pos += 2;
                }
                else
                {
                    sb.Append('\\');
                    _pos++;
                }

                continue;
            }

            if (c == '\\')
            {
                _pos++;
                sb.Append(ScanEscape(allowBrace: true));
                continue;
            }

            if (c == '{')
            {
                if (sb.Length > 0)
                {
                    parts.Add(new TemplatePart(false, sb.ToString(), 0, 0, 0));
                    sb.Clear();
                }

                _pos++;
                var exprStart = _pos;
                var line = CurLine;
                var col = ColAt(_pos);
                SkipBalanced();
                parts.Add(new TemplatePart(true, _src[exprStart..(_pos - 1)], exprStart, line, col));
                continue;
            }

            if (c == '\n')
            {
                _line++;
                _lineStart = _pos + 1;
            }

            sb.Append(c);
            _pos++;
        }
    }

    /// <summary>Skips to just past the '}' that closes an embedded expression.</summary>
    private void SkipBalanced()
    {
        var depth = 0;
        while (_pos < _src.Length)
        {
            var c = _src[_pos];
            if (c == '"')
            {
                _pos++;
                ScanString();
            }
            else if (c == '`')
            {
                var end = _src.IndexOf('`', _pos + 1);
                AdvanceTo(end < 0 ? _src.Length : end + 1);
            }
            else if (c == '$' && _pos + 1 < _src.Length && (_src[_pos + 1] is '"' or '`'))
            {
                var raw = _src[_pos + 1] == '`';
                _pos += 2;
                ScanTemplate(raw);
            }
            else if (c == '{')
            {
                depth++;
                _pos++;
            }
            else if (c == '}')
            {
                _pos++;
                if (depth == 0)
                {
                    return;
                }

                depth--;
            }
            else
            {
                if (c == '\n')
                {
                    _line++;
                    _lineStart = _pos + 1;
                }

                _pos++;
            }
        }

        throw Error("non-terminated template expression");
    }

    private Token ScanPunct(int start, int line, int col, bool newline)
    {
        var c = _src[_pos];
        var n = _pos + 1 < _src.Length ? _src[_pos + 1] : '\0';
        TokenKind kind;
        var len = 1;
        switch (c)
        {
            case '{': kind = TokenKind.LBrace; break;
            case '}': kind = TokenKind.RBrace; break;
            case '[': kind = TokenKind.LBrack; break;
            case ']': kind = TokenKind.RBrack; break;
            case '(': kind = TokenKind.LParen; break;
            case ')': kind = TokenKind.RParen; break;
            case '.': kind = TokenKind.Dot; break;
            case ',': kind = TokenKind.Comma; break;
            case ';': kind = TokenKind.Semicolon; break;
            case ':':
                (kind, len) = n == '=' ? (TokenKind.Assign, 2) : (TokenKind.Colon, 1);
                break;
            case '=':
                (kind, len) = n == '=' ? (TokenKind.Eq, 2) : (TokenKind.Unify, 1);
                break;
            case '!':
                if (n != '=')
                {
                    throw Error("illegal token '!'");
                }

                (kind, len) = (TokenKind.Neq, 2);
                break;
            case '<':
                (kind, len) = n == '=' ? (TokenKind.Lte, 2) : (TokenKind.Lt, 1);
                break;
            case '>':
                (kind, len) = n == '=' ? (TokenKind.Gte, 2) : (TokenKind.Gt, 1);
                break;
            case '+': kind = TokenKind.Plus; break;
            case '-': kind = TokenKind.Minus; break;
            case '*': kind = TokenKind.Star; break;
            case '/': kind = TokenKind.Slash; break;
            case '%': kind = TokenKind.Percent; break;
            case '&': kind = TokenKind.Amp; break;
            case '|': kind = TokenKind.Pipe; break;
            default:
                throw Error($"illegal token '{c}'");
        }

        _pos += len;
        return new Token(kind, _src.Substring(start, len), start, line, col, newline);
    }
}
