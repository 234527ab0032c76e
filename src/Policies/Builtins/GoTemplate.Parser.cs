using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static partial class GoTemplate
{
    private abstract record Node;

    private sealed record TextNode(string Text) : Node;

    private sealed record ActionNode(Pipeline Pipe) : Node;

    /// <summary>if, with and range share a shape: a pipeline, a body and an optional else branch.</summary>
    private sealed record BranchNode(string Keyword, Pipeline Pipe, List<Node> Body, List<Node>? Else) : Node;

    private sealed record LoopControlNode(string Keyword) : Node;

    private sealed record Pipeline(List<string> Declared, bool IsAssign, List<List<Arg>> Commands);

    private abstract record Arg;

    private sealed record FieldArg(string[] Path) : Arg;

    private sealed record VariableArg(string Name, string[] Path) : Arg;

    private sealed record LiteralArg(Value? Value) : Arg;

    private sealed record FunctionArg(string Name) : Arg;

    private sealed record PipeArg(Pipeline Pipe, string[] Path) : Arg;

    private sealed class Parser(List<Item> items)
    {
        private int _pos;
        private int _loops;

        public List<Node> ParseTemplate()
        {
            var (nodes, stop, _) = ParseList();
            if (stop is not null)
            {
                throw Fail($"unexpected {{{{{stop}}}}}");
            }

            return nodes;
        }

        /// <summary>Parses until {{end}} or {{else ...}} (returned with the tokens after "else") or the end of input.</summary>
        private (List<Node> Nodes, string? Stop, List<Token> After) ParseList()
        {
            var nodes = new List<Node>();
            while (_pos < items.Count)
            {
                var item = items[_pos++];
                if (item.Tokens is null)
                {
                    if (item.Text.Length > 0)
                    {
                        nodes.Add(new TextNode(item.Text));
                    }

                    continue;
                }

                var tokens = item.Tokens;
                if (tokens.Count == 0)
                {
                    throw Fail("missing value for command");
                }

                var head = tokens[0].Kind == Tok.Ident ? tokens[0].Text : null;
                switch (head)
                {
                    case "end" or "else":
                        return (nodes, head, tokens[1..]);
                    case "if" or "with" or "range":
                        nodes.Add(ParseBranch(head, tokens[1..]));
                        break;
                    case "break" or "continue":
                        if (_loops == 0)
                        {
                            throw Fail($"{{{{{head}}}}} outside {{{{range}}}}");
                        }

                        nodes.Add(new LoopControlNode(head));
                        break;
                    case "define" or "template" or "block":
                        throw Fail($"{{{{{head}}}}} (nested templates) is not supported");
                    default:
                        nodes.Add(new ActionNode(ParsePipeline(tokens)));
                        break;
                }
            }

            return (nodes, null, []);
        }

        private BranchNode ParseBranch(string keyword, List<Token> tokens)
        {
            var pipe = ParsePipeline(tokens);
            _loops += keyword == "range" ? 1 : 0;
            var (body, stop, rest) = ParseList();
            _loops -= keyword == "range" ? 1 : 0;
            List<Node>? elseNodes = null;
            if (stop == "else" && rest.Count > 0 && rest[0].Kind == Tok.Ident && rest[0].Text is "if" or "with")
            {
                // "else if" is an if nested in the else branch that shares the outer {{end}}.
                elseNodes = [ParseBranch(rest[0].Text, rest[1..])];
                stop = "end";
            }
            else if (stop == "else")
            {
                (elseNodes, stop, _) = ParseList();
            }

            if (stop != "end")
            {
                throw Fail($"unexpected EOF in {keyword}");
            }

            return new BranchNode(keyword, pipe, body, elseNodes);
        }

        private static Pipeline ParsePipeline(List<Token> tokens)
        {
            var pos = 0;
            var pipe = ParsePipeline(tokens, ref pos);
            if (pos < tokens.Count)
            {
                throw Fail($"unexpected {tokens[pos].Text} in operand");
            }

            return pipe;
        }

        private static Pipeline ParsePipeline(List<Token> tokens, ref int pos)
        {
            var declared = new List<string>();
            var assign = false;
            bool Is(int at, Tok kind) => at < tokens.Count && tokens[at].Kind == kind;
            bool IsDeclare(int at) => Is(at, Tok.Declare) || Is(at, Tok.Assign);
            if (Is(pos, Tok.Variable) && IsDeclare(pos + 1))
            {
                declared.Add(tokens[pos].Text);
                assign = Is(pos + 1, Tok.Assign);
                pos += 2;
            }
            else if (Is(pos, Tok.Variable) && Is(pos + 1, Tok.Comma) && Is(pos + 2, Tok.Variable) && IsDeclare(pos + 3))
            {
                declared.Add(tokens[pos].Text);
                declared.Add(tokens[pos + 2].Text);
                assign = Is(pos + 3, Tok.Assign);
                pos += 4;
            }

            var commands = new List<List<Arg>>();
            var command = new List<Arg>();
            while (pos < tokens.Count && tokens[pos].Kind != Tok.Close)
            {
                var tok = tokens[pos++];
                if (tok.Kind == Tok.Pipe)
                {
                    if (command.Count == 0)
                    {
                        throw Fail("missing command before |");
                    }

                    commands.Add(command);
                    command = [];
                    continue;
                }

                command.Add(tok.Kind switch
                {
                    Tok.Field => new FieldArg(Path(tok.Text)),
                    Tok.Variable => new VariableArg(tok.Text.Split('.')[0], Path(tok.Text[tok.Text.Split('.')[0].Length..])),
                    Tok.String => new LiteralArg(new StringValue(tok.Text)),
                    Tok.Number => new LiteralArg(NumberValue.TryParse(tok.Text, out var n) ? n : throw Fail($"bad number syntax: {tok.Text}")),
                    Tok.Bool => new LiteralArg(Value.Bool(tok.Text == "true")),
                    Tok.Nil => new LiteralArg(null),
                    Tok.Ident => new FunctionArg(tok.Text),
                    Tok.Open => Parenthesized(tokens, ref pos),
                    _ => throw Fail($"unexpected {tok.Text} in operand"),
                });
            }

            if (command.Count == 0)
            {
                throw Fail("missing value for command");
            }

            commands.Add(command);
            return new Pipeline(declared, assign, commands);
        }

        private static PipeArg Parenthesized(List<Token> tokens, ref int pos)
        {
            var inner = ParsePipeline(tokens, ref pos);
            if (pos >= tokens.Count || tokens[pos].Kind != Tok.Close)
            {
                throw Fail("unclosed left paren");
            }

            pos++;
            string[] path = [];
            if (pos < tokens.Count && tokens[pos].Kind == Tok.Field && tokens[pos].Text != ".")
            {
                path = Path(tokens[pos++].Text);
            }

            return new PipeArg(inner, path);
        }

        private static string[] Path(string text) => text.Split('.', StringSplitOptions.RemoveEmptyEntries);
    }
}
