using System.Globalization;
using System.Text;

namespace GitOpsFleet.Policies.Builtins.Kernels.GraphQl;

/// <summary>GraphQL lexer (October 2021 spec). Commas, whitespace and comments are insignificant.</summary>
internal sealed class GqlLexer(string input)
{
    private readonly string src = input;
    private int pos;
    private int line = 1;
    private int lineStart;

    public GqlToken Next()
    {
        SkipIgnored();
        var col = pos - lineStart + 1;
        if (pos >= src.Length)
        {
            return new GqlToken(GqlTokenKind.Eof, "", line, col);
        }

        var c = src[pos];
        GqlToken Punct(GqlTokenKind k, int len = 1)
        {
            pos += len;
            return new GqlToken(k, "", line, col);
        }

        switch (c)
        {
            case '!': return Punct(GqlTokenKind.Bang);
            case '$': return Punct(GqlTokenKind.Dollar);
            case '&': return Punct(GqlTokenKind.Amp);
            case '(': return Punct(GqlTokenKind.ParenL);
            case ')': return Punct(GqlTokenKind.ParenR);
            case ':': return Punct(GqlTokenKind.Colon);
            case '=': return Punct(GqlTokenKind.Equals);
            case '@': return Punct(GqlTokenKind.At);
            case '[': return Punct(GqlTokenKind.BracketL);
            case ']': return Punct(GqlTokenKind.BracketR);
            case '{': return Punct(GqlTokenKind.BraceL);
            case '}': return Punct(GqlTokenKind.BraceR);
            case '|': return Punct(GqlTokenKind.Pipe);
            case '.':
                if (pos + 2 < src.Length + 0 && src.AsSpan(pos).StartsWith("..."))
                {
                    return Punct(GqlTokenKind.Spread, 3);
                }

                throw new GqlException("Unexpected character \".\".", line, col);
            case '"':
                return src.AsSpan(pos).StartsWith("\"\"\"") ? ReadBlockString(col) : ReadString(col);
        }

        if (c == '_' || char.IsAsciiLetter(c))
        {
            var start = pos;
            while (pos < src.Length && (src[pos] == '_' || char.IsAsciiLetterOrDigit(src[pos])))
            {
                pos++;
            }

            return new GqlToken(GqlTokenKind.Name, src[start..pos], line, col);
        }

        if (c == '-' || char.IsAsciiDigit(c))
        {
            return ReadNumber(col);
        }

        throw new GqlException($"Cannot parse the unexpected character {GqlStrings.Quote(c.ToString())}.", line, col);
    }

    private void SkipIgnored()
    {
        while (pos < src.Length)
        {
            var c = src[pos];
            if (c == ' ' || c == '\t' || c == ',' || c == '\uFEFF')
            {
                pos++;
            }
            else if (c == '\n')
            {
                NewLine(1);
            }
            else if (c == '\r')
            {
                NewLine(pos + 1 < src.Length && src[pos + 1] == '\n' ? 2 : 1);
            }
            else if (c == '#')
            {
                while (pos < src.Length && src[pos] != '\n' && src[pos] != '\r')
                {
                    pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private void NewLine(int len)
    {
        pos += len;
        line++;
        lineStart = pos;
    }

    private GqlToken ReadNumber(int col)
    {
        var start = pos;
        var isFloat = false;
        if (src[pos] == '-')
        {
            pos++;
        }

        if (pos < src.Length && src[pos] == '0')
        {
            pos++;
            if (pos < src.Length && char.IsAsciiDigit(src[pos]))
            {
                throw new GqlException($"Invalid number, unexpected digit after 0: {GqlStrings.Quote(src[pos].ToString())}.", line, pos - lineStart + 1);
            }
        }
        else
        {
            ReadDigits();
        }

        if (pos < src.Length && src[pos] == '.')
        {
            isFloat = true;
            pos++;
            ReadDigits();
        }

        if (pos < src.Length && (src[pos] == 'e' || src[pos] == 'E'))
        {
            isFloat = true;
            pos++;
            if (pos < src.Length && (src[pos] == '+' || src[pos] == '-'))
            {
                pos++;
            }

            ReadDigits();
        }

        return new GqlToken(isFloat ? GqlTokenKind.Float : GqlTokenKind.Int, src[start..pos], line, col);
    }

    private void ReadDigits()
    {
        if (pos >= src.Length || !char.IsAsciiDigit(src[pos]))
        {
            var found = pos >= src.Length ? "<EOF>" : GqlStrings.Quote(src[pos].ToString());
            throw new GqlException($"Invalid number, expected digit but got: {found}.", line, pos - lineStart + 1);
        }

        while (pos < src.Length && char.IsAsciiDigit(src[pos]))
        {
            pos++;
        }
    }

    private GqlToken ReadString(int col)
    {
        pos++;
        var sb = new StringBuilder();
        while (pos < src.Length)
        {
            var c = src[pos];
            if (c == '\n' || c == '\r')
            {
                break;
            }

            if (c == '"')
            {
                pos++;
                // The reference lexer reports a string's position just inside the opening quote.
                return new GqlToken(GqlTokenKind.String, sb.ToString(), line, col + 1);
            }

            if (c == '\\' && pos + 1 < src.Length)
            {
                var e = src[pos + 1];
                pos += 2;
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (pos + 4 <= src.Length && int.TryParse(src.AsSpan(pos, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                        {
                            sb.Append((char)code);
                            pos += 4;
                            break;
                        }

                        throw new GqlException("Invalid character escape sequence.", line, pos - lineStart);
                    default:
                        throw new GqlException($"Invalid character escape sequence: \\{e}.", line, pos - lineStart);
                }

                continue;
            }

            sb.Append(c);
            pos++;
        }

        throw new GqlException("Unterminated string.", line, pos - lineStart + 1);
    }

    private GqlToken ReadBlockString(int col)
    {
        var startLine = line;
        pos += 3;
        var sb = new StringBuilder();
        while (pos < src.Length)
        {
            if (src.AsSpan(pos).StartsWith("\"\"\""))
            {
                pos += 3;
                return new GqlToken(GqlTokenKind.BlockString, GqlStrings.BlockValue(sb.ToString()), startLine, col + 3);
            }

            if (src.AsSpan(pos).StartsWith("\\\"\"\""))
            {
                sb.Append("\"\"\"");
                pos += 4;
                continue;
            }

            var c = src[pos];
            if (c == '\n')
            {
                sb.Append(c);
                NewLine(1);
                continue;
            }

            if (c == '\r')
            {
                sb.Append('\n');
                NewLine(pos + 1 < src.Length && src[pos + 1] == '\n' ? 2 : 1);
                continue;
            }

            sb.Append(c);
            pos++;
        }

        // An unterminated block string becomes an invalid token at the end of input, which the parser then rejects.
        return new GqlToken(GqlTokenKind.Invalid, "", line, pos - lineStart + 1);
    }
}
