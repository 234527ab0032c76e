using GitOpsFleet.Model;
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
    // How many nodes are read between looks at the cancellation token: often enough that a huge file stops
    // within milliseconds, rarely enough to cost nothing on ordinary files.
    private const int CancellationStride = 4096;

    public static ParsedDocument Read(string text, string path, List<Diagnostic> diagnostics) =>
        Read(text, path, diagnostics, YamlLimits.Default, CancellationToken.None);

    public static ParsedDocument Read(string text, string path, List<Diagnostic> diagnostics, YamlLimits limits, CancellationToken cancellationToken)
    {
        var state = new State(text, path, diagnostics, limits, cancellationToken);
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
        catch (LimitExceeded e)
        {
            // A file over a limit is refused as a whole, like one with a syntax error: reading on would spend
            // the time and memory the limit is there to save.
            state.Error(e.Code, e.At, e.Message);
            return new ParsedDocument(null, true);
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
        var current = parser.Current ?? throw new YamlException("unexpected end of input");
        if (depth > state.Limits.MaxDepth)
        {
            throw new LimitExceeded(DiagnosticCodes.NestingTooDeep, current.Start,
                $"nesting deeper than {state.Limits.MaxDepth} levels; fleet files need only a few");
        }
        if (++state.Nodes % CancellationStride == 0)
        {
            state.CancellationToken.ThrowIfCancellationRequested();
        }
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
                Dictionary<string, int>? index = null;
                var keys = 0;
                while (parser.Current is not MappingEnd)
                {
                    var keyEvent = parser.Current!;
                    // Counting every key, duplicates too, also bounds how many duplicate-key errors one file can produce.
                    if (++keys > state.Limits.MaxKeysPerMapping)
                    {
                        throw new LimitExceeded(DiagnosticCodes.TooManyKeys, keyEvent.Start,
                            $"the mapping that starts at line {start.Start.Line} has more than {state.Limits.MaxKeysPerMapping} keys; keep bulk data outside the fleet repository");
                    }
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
                    var duplicate = FindKey(entries, index, scalarKey.Value);
                    if (duplicate is { } first)
                    {
                        state.Error(DiagnosticCodes.DuplicateKey, scalarKey.Start,
                            $"duplicate key '{scalarKey.Value}'; it is first defined at line {first.Key.Line}, column {first.Key.Column}");
                        continue;
                    }
                    entries.Add(new MappingEntry(scalarKey, value));
                    if (index is not null)
                    {
                        index.Add(scalarKey.Value, entries.Count - 1);
                    }
                    else if (entries.Count >= MappingNode.IndexThreshold)
                    {
                        index = new Dictionary<string, int>(StringComparer.Ordinal);
                        for (var i = 0; i < entries.Count; i++)
                        {
                            index.Add(entries[i].Key.Value, i);
                        }
                    }
                }
                var end = parser.Current.End;
                parser.MoveNext();
                state.Close();
                var node = new MappingNode(entries, index, start.Start, end);
                Remember(state, start, node);
                return node;
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected {current.GetType().Name}");
        }
    }

    private static MappingEntry? FindKey(List<MappingEntry> entries, Dictionary<string, int>? index, string key)
    {
        if (index is not null)
        {
            return index.TryGetValue(key, out var at) ? entries[at] : null;
        }
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

    private sealed class LimitExceeded(string code, Mark at, string message) : Exception(message)
    {
        public string Code { get; } = code;

        public Mark At { get; } = at;
    }

    private sealed class State(string text, string path, List<Diagnostic> diagnostics, YamlLimits limits, CancellationToken cancellationToken)
    {
        private readonly Stack<Mark> _open = new();

        public YamlLimits Limits { get; } = limits;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public long Nodes { get; set; }

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
