using System.Text;
using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Formatting;

/// <summary>
/// Writes a module's AST back as text. Comments are not in the AST: each is written before the first node that
/// starts below it, or at the end of the output line that holds its source line, so none is lost or moved across code.
/// </summary>
internal sealed partial class ModuleWriter
{
    private readonly Module _module;
    private readonly List<(int Line, string Text, int Column, bool Trailing)> _comments;
    private readonly bool _v0;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _line = new();
    private int _next;
    private string[]? _sourceLines;
    private int _indent;

    /// <summary>The highest source line written on the current output line: trailing comments up to it go there.</summary>
    private int _maxLine;

    public ModuleWriter(Module module, List<(int Line, string Text, int Column, bool Trailing)> comments, bool v0)
    {
        _module = module;
        _comments = [.. comments.OrderBy(c => c.Line)];
        _v0 = v0;
    }

    public string Write()
    {
        CommentsBefore(_module.PackageLocation.Line);
        Text("package " + PackagePath(_module.Package));
        Touch(_module.PackageLocation.Line);
        EndLine();

        var imports = _module.Imports.ToList();
        if (_v0 && !imports.Any(i => i.Path is ["rego", "v1"]))
        {
            // v1 syntax reads the same in a v0 module once rego.v1 is imported; future.keywords would then be an error.
            imports.RemoveAll(i => i.Path[0] == "future");
            imports.Insert(0, new Import(["rego", "v1"], null, _module.PackageLocation));
        }

        var statements = imports.Select(i => (Line: i.Location.Line, Node: (object)i))
            .Concat(_module.Rules.Select(r => (Line: r.Location.Line, Node: (object)r)))
            .OrderBy(s => s.Line)
            .ToList();
        var prevEnd = 0;
        object? prev = null;
        for (var i = 0; i < statements.Count; i++)
        {
            var node = statements[i].Node;
            if (node is Import)
            {
                // A run of imports on consecutive lines is one group, sorted by path as OPA sorts it.
                var group = new List<Import> { (Import)node };
                var end = LastLine(group[0]);
                while (i + 1 < statements.Count && statements[i + 1].Node is Import next && next.Location.Line <= end + 1)
                {
                    group.Add(next);
                    end = Math.Max(end, next.Location.Line);
                    i++;
                }

                BlankLine();
                foreach (var imp in group.OrderBy(ImportKey, StringComparer.Ordinal))
                {
                    CommentsBefore(imp.Location.Line);
                    Text("import " + ImportPath(imp.Path) + (imp.Alias is null ? string.Empty : " as " + imp.Alias));
                    Touch(imp.Location.Line);
                    EndLine();
                }

                prev = node;
                prevEnd = end;
                continue;
            }

            var rule = (Rule)node;
            var oneLiner = IsOneLine(rule);
            var grouped = prev is Rule p && IsOneLine(p) && oneLiner && rule.Location.Line == prevEnd + 1 && !HasCommentBefore(rule.Location.Line);
            if (!grouped)
            {
                BlankLine();
            }

            CommentsBefore(rule.Location.Line);
            WriteRule(rule);
            prev = rule;
            prevEnd = LastLine(rule);
        }

        var last = prevEnd;
        while (_next < _comments.Count)
        {
            var c = _comments[_next];
            if (c.Line > last + 1)
            {
                BlankLine();
            }

            last = c.Line;

            Text("#" + c.Text);
            _next++;
            EndLine();
        }

        return _out.ToString();
    }

    private static string ImportKey(Import i) => string.Join('.', i.Path) + (i.Alias is null ? string.Empty : " as " + i.Alias);

    private bool HasCommentBefore(int line) => _next < _comments.Count && _comments[_next].Line < line;

    private void Text(string s) => _line.Append(s);

    private void Touch(int line) => _maxLine = Math.Max(_maxLine, line);

    /// <summary>Ends the output line, adding the trailing comments of the source lines written on it.</summary>
    private void EndLine()
    {
        var trailing = new List<string>();
        while (_next < _comments.Count && _comments[_next].Line <= _maxLine && _comments[_next].Trailing)
        {
            trailing.Add("#" + _comments[_next].Text);
            _next++;
        }

        if (trailing.Count > 0)
        {
            _line.Append(' ').Append(string.Join(' ', trailing));
        }

        if (_line.Length > 0)
        {
            _out.Append('\t', _indent);
        }

        _out.Append(_line.ToString().TrimEnd()).Append('\n');
        _line.Clear();
    }

    private void BlankLine()
    {
        if (_out.Length > 0 && !EndsWith("\n\n"))
        {
            _out.Append('\n');
        }
    }

    private bool EndsWith(string s) => _out.Length >= s.Length && _out.ToString(_out.Length - s.Length, s.Length) == s;

    /// <summary>Writes the comments that stand on lines before <paramref name="line"/>, each on its own output line.</summary>
    private void CommentsBefore(int line)
    {
        var first = true;
        while (_next < _comments.Count && _comments[_next].Line < line)
        {
            var c = _comments[_next];
            if (!first && c.Line > _comments[_next - 1].Line + 1)
            {
                BlankLine();
            }

            Text("#" + c.Text);
            _next++;
            EndLine();
            first = false;
            if ((_next == _comments.Count || _comments[_next].Line >= line) && line > c.Line + 1)
            {
                // A blank line between a comment block and the code below it is kept, as OPA keeps it.
                BlankLine();
            }
        }

        _maxLine = 0;
    }

    // The first element is always an identifier token (the parser takes nothing else there, a keyword such as `in`
    // included), so it is written as read: `package ["in"]` would not parse again.
    private static string PackagePath(string[] path) =>
        string.Concat(path.Select((p, i) => i == 0 ? p : IsIdent(p) ? "." + p : "[" + Quote(p) + "]"));

    private static string ImportPath(string[] path) =>
        string.Concat(path.Select((p, i) => i == 0 ? p : IsIdent(p) ? "." + p : "[" + Quote(p) + "]"));

    private static readonly HashSet<string> Keywords =
    [
        "as", "contains", "default", "else", "every", "false", "if", "import", "in", "not", "null", "package", "some", "true", "with",
    ];

    internal static bool IsIdent(string s) =>
        s.Length > 0 && (char.IsAsciiLetter(s[0]) || s[0] == '_') && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !Keywords.Contains(s);
}
