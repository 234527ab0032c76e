using GitOpsFleet.Providers.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace GitOpsFleet.Loading.Yaml;

/// <summary>
/// Builds a <see cref="Node"/> tree from YamlDotNet's parser events. A syntax error ends the file (the parser
/// cannot resynchronise), but structural problems it can see (duplicate keys, complex keys, unknown aliases)
/// are reported and reading goes on, so one pass shows every problem.
/// </summary>
internal static class YamlTreeReader
{
    // Deeper nesting than any fleet file needs; the limit keeps hostile input from exhausting the stack.
    private const int MaxDepth = 64;

    public static ParsedDocument Read(string text, string path, List<Diagnostic> diagnostics)
    {
        var state = new State(text, path, diagnostics);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return new ParsedDocument(null, false);
            }
            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, state, 0);
            parser.Consume<DocumentEnd>();
            if (parser.Current is DocumentStart second)
            {
                state.Error(DiagnosticCodes.EmptyOrMultipleDocuments, second.Start,
                    "this file holds more than one YAML document; put one document in each file");
                return new ParsedDocument(null, true);
            }
            if (root is ScalarNode { IsNull: true })
            {
                root = null;
            }
            return new ParsedDocument(root, state.Failed);
        }
        catch (YamlException e)
        {
            state.Error(DiagnosticCodes.YamlSyntax, e.Start, SyntaxMessage(e));
            return new ParsedDocument(null, true);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way (instead of a YamlException) at the end of input inside an
            // unclosed flow collection; point at the bracket, which is where the mistake is.
            var (at, message) = state.OpenFlow is { } open
                ? (open, $"invalid YAML: the '{text[(int)open.Index]}' opened here is never closed")
                : (state.Last, "invalid YAML: the text cannot be parsed after this point");
            state.Error(DiagnosticCodes.YamlSyntax, at, message);
            return new ParsedDocument(null, true);
        }
    }

    private static Node? ReadNode(IParser parser, State state, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new YamlException(parser.Current!.Start, parser.Current.End, $"nesting deeper than {MaxDepth} levels");
        }
        var current = parser.Current ?? throw new YamlException("unexpected end of input");
        switch (current)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (state.HasAnchors && state.Anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }
                state.Error(DiagnosticCodes.YamlSyntax, alias.Start, $"alias '*{alias.Value.Value}' refers to no anchor defined before it");
                return null;

            case Scalar scalar:
            {
                state.Last = scalar.End;
                parser.MoveNext();
                var node = new ScalarNode(scalar.Value, scalar.Style, TagOf(scalar), scalar.Start, scalar.End);
                Remember(state, scalar, node);
                return node;
            }

            case SequenceStart start:
            {
                state.Open(start.Start);
                parser.MoveNext();
                var items = new List<Node>();
                while (parser.Current is not SequenceEnd)
                {
                    if (ReadNode(parser, state, depth + 1) is { } item)
                    {
                        items.Add(item);
                    }
                }
                var end = parser.Current.End;
                parser.MoveNext();
                state.Close();
                var node = new SequenceNode(items, start.Start, end);
                Remember(state, start, node);
                return node;
            }

            case MappingStart start:
            {
                state.Open(start.Start);
                parser.MoveNext();
                var entries = new List<MappingEntry>();
                while (parser.Current is not MappingEnd)
                {
                    var keyEvent = parser.Current!;
                    var key = ReadNode(parser, state, depth + 1);
                    var value = ReadNode(parser, state, depth + 1);
                    if (key is not ScalarNode scalarKey)
                    {
                        if (key is not null)
                        {
                            state.Error(DiagnosticCodes.WrongType, keyEvent.Start, "a key must be a plain name, not " + key.Describe());
                        }
                        continue;
                    }
                    if (value is null)
                    {
                        continue;
                    }
                    var duplicate = FindKey(entries, scalarKey.Value);
                    if (duplicate is { } first)
                    {
                        state.Error(DiagnosticCodes.DuplicateKey, scalarKey.Start,
                            $"duplicate key '{scalarKey.Value}'; it is first defined at line {first.Key.Line}, column {first.Key.Column}");
                        continue;
                    }
                    entries.Add(new MappingEntry(scalarKey, value));
                }
                var end = parser.Current.End;
                parser.MoveNext();
                state.Close();
                var node = new MappingNode(entries, start.Start, end);
                Remember(state, start, node);
                return node;
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static MappingEntry? FindKey(List<MappingEntry> entries, string key)
    {
        foreach (var e in entries)
        {
            if (string.Equals(e.Key.Value, key, StringComparison.Ordinal))
            {
                return e;
            }
        }
        return null;
    }

    private static string? TagOf(NodeEvent e) => e.Tag.IsEmpty || e.Tag.IsNonSpecific ? null : e.Tag.Value;

    private static void Remember(State state, NodeEvent e, Node node)
    {
        if (!e.Anchor.IsEmpty)
        {
            state.Anchors[e.Anchor.Value] = node;
        }
    }

    /// <summary>YamlException's message repeats the marks as "(Line: 3, Col: 5, Idx: 20) - (...): "; the diagnostic prints its own.</summary>
    private static string SyntaxMessage(YamlException e)
    {
        var message = e.Message;
        var cut = message.IndexOf("): ", StringComparison.Ordinal);
        if (message.StartsWith("(Line:", StringComparison.Ordinal) && cut > 0)
        {
            message = message[(cut + 3)..];
        }
        message = message.Trim().TrimEnd('.');
        return message.Length == 0 ? "invalid YAML" : "invalid YAML: " + char.ToLowerInvariant(message[0]) + message[1..];
    }

    private sealed class State(string text, string path, List<Diagnostic> diagnostics)
    {
        private readonly Stack<Mark> _open = new();

        public Mark Last { get; set; } = Mark.Empty;

        /// <summary>The innermost open collection when it is a flow one ('{' or '[').</summary>
        public Mark? OpenFlow =>
            _open.TryPeek(out var m) && m.Index >= 0 && m.Index < text.Length && text[(int)m.Index] is '{' or '[' ? m : null;

        public void Open(Mark start)
        {
            _open.Push(start);
            Last = start;
        }

        public void Close() => _open.Pop();

        private Dictionary<string, Node>? _anchors;

        // Most fleet files use no anchors: allocate the table only for those that do.
        public Dictionary<string, Node> Anchors => _anchors ??= new Dictionary<string, Node>(StringComparer.Ordinal);

        public bool HasAnchors => _anchors is not null;

        public bool Failed { get; private set; }

        public void Error(string code, Mark at, string message)
        {
            Failed = true;
            diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, path, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column)));
        }
    }
}
