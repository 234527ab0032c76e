using System.Text;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

internal static partial class GoTemplate
{
    private enum Flow
    {
        Normal,
        Break,
        Continue,
    }

    /// <summary>Runs a parsed template. C# null stands for a missing key, as distinct from a Rego null.</summary>
    private sealed partial class Executor(ObjectValue root)
    {
        private readonly List<(string Name, Value? Value)> _vars = [("$", root)];

        public StringBuilder Output { get; } = new();

        public Flow Walk(List<Node> nodes, Value? dot)
        {
            foreach (var node in nodes)
            {
                var flow = Visit(node, dot);
                if (flow != Flow.Normal)
                {
                    return flow;
                }
            }

            return Flow.Normal;
        }

        private Flow Visit(Node node, Value? dot)
        {
            switch (node)
            {
                case TextNode t:
                    Output.Append(t.Text);
                    return Flow.Normal;
                case ActionNode a:
                    var v = EvalPipeline(a.Pipe, dot);
                    if (a.Pipe.Declared.Count == 0)
                    {
                        Output.Append(Print(v));
                    }

                    return Flow.Normal;
                case LoopControlNode l:
                    return l.Keyword == "break" ? Flow.Break : Flow.Continue;
                case BranchNode { Keyword: "range" } r:
                    return Scoped(() => Range(r, dot));
                case BranchNode b:
                    return Scoped(() =>
                    {
                        var value = EvalPipeline(b.Pipe, dot);
                        if (Truth(value))
                        {
                            return Walk(b.Body, b.Keyword == "with" ? value : dot);
                        }

                        return b.Else is null ? Flow.Normal : Walk(b.Else, dot);
                    });
                default:
                    throw new InvalidOperationException(node.GetType().Name);
            }
        }

        /// <summary>Variables declared inside a control structure go out of scope at its {{end}}.</summary>
        private Flow Scoped(Func<Flow> body)
        {
            var mark = _vars.Count;
            try
            {
                return body();
            }
            finally
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
            }
        }

        private Flow Range(BranchNode r, Value? dot)
        {
            var collection = EvalCommands(r.Pipe, dot);
            var members = new List<(Value Key, Value Item)>();
            switch (collection)
            {
                case ArrayValue a:
                    for (var i = 0; i < a.Count; i++)
                    {
                        members.Add((NumberValue.FromInt64(i), a[i]));
                    }

                    break;
                case SetValue s:
                    for (var i = 0; i < s.Count; i++)
                    {
                        members.Add((NumberValue.FromInt64(i), s.Items[i]));
                    }

                    break;
                case ObjectValue o:
                    // Go visits map keys in sorted order; Rego objects keep their keys sorted.
                    for (var i = 0; i < o.Count; i++)
                    {
                        members.Add((o.Keys[i], o.Values[i]));
                    }

                    break;
                case NumberValue n when n.TryGetInt64(out var count):
                    for (var i = 0L; i < count; i++)
                    {
                        members.Add((NumberValue.FromInt64(i), NumberValue.FromInt64(i)));
                    }

                    break;
                case null or NullValue:
                    break;
                default:
                    throw Fail($"range can't iterate over {Print(collection)}");
            }

            if (members.Count == 0)
            {
                return r.Else is null ? Flow.Normal : Walk(r.Else, dot);
            }

            var mark = _vars.Count;
            foreach (var (key, item) in members)
            {
                _vars.RemoveRange(mark, _vars.Count - mark);
                if (r.Pipe.Declared.Count == 1)
                {
                    _vars.Add((r.Pipe.Declared[0], item));
                }
                else if (r.Pipe.Declared.Count == 2)
                {
                    _vars.Add((r.Pipe.Declared[0], key));
                    _vars.Add((r.Pipe.Declared[1], item));
                }

                if (Walk(r.Body, item) == Flow.Break)
                {
                    break;
                }
            }

            return Flow.Normal;
        }

        private Value? EvalPipeline(Pipeline pipe, Value? dot)
        {
            var value = EvalCommands(pipe, dot);
            if (pipe.Declared.Count > 0)
            {
                var name = pipe.Declared[^1];
                if (pipe.IsAssign)
                {
                    var at = _vars.FindLastIndex(v => v.Name == name);
                    if (at < 0)
                    {
                        throw Fail($"undefined variable: {name}");
                    }

                    _vars[at] = (name, value);
                }
                else
                {
                    _vars.Add((name, value));
                }
            }

            return value;
        }

        private Value? EvalCommands(Pipeline pipe, Value? dot)
        {
            Value? value = null;
            var first = true;
            foreach (var command in pipe.Commands)
            {
                value = EvalCommand(command, dot, first ? null : new LiteralArg(value));
                first = false;
            }

            return value;
        }

        private Value? EvalCommand(List<Arg> command, Value? dot, Arg? piped)
        {
            if (command[0] is FunctionArg f)
            {
                var args = command.Skip(1).ToList();
                if (piped is not null)
                {
                    args.Add(piped);
                }

                return Call(f.Name, args, dot);
            }

            if (command.Count > 1 || piped is not null)
            {
                throw Fail("can't give argument to non-function");
            }

            return EvalArg(command[0], dot);
        }

        private Value? EvalArg(Arg arg, Value? dot) => arg switch
        {
            LiteralArg l => l.Value,
            FieldArg f => Walk(dot, f.Path),
            VariableArg v => Walk(Variable(v.Name), v.Path),
            PipeArg p => Walk(EvalPipeline(p.Pipe, dot), p.Path),
            FunctionArg f => Call(f.Name, [], dot),
            _ => throw new InvalidOperationException(arg.GetType().Name),
        };

        private Value? Variable(string name)
        {
            var at = _vars.FindLastIndex(v => v.Name == name);
            return at < 0 ? throw Fail($"undefined variable: {name}") : _vars[at].Value;
        }

        private static Value? Walk(Value? value, string[] path)
        {
            foreach (var field in path)
            {
                value = value switch
                {
                    ObjectValue o => o.TryGetValue(new StringValue(field), out var v) ? v : null,
                    null or NullValue => null,
                    _ => throw Fail($"can't evaluate field {field} in type {Value.TypeNameOf(value.Kind)}"),
                };
            }

            return value;
        }

        private static bool Truth(Value? v) => v switch
        {
            null or NullValue => false,
            BooleanValue b => b.Value,
            NumberValue n => n.Sign != 0,
            StringValue s => s.Value.Length > 0,
            ArrayValue a => a.Count > 0,
            ObjectValue o => o.Count > 0,
            SetValue s => s.Count > 0,
            _ => true,
        };

        private static string Print(Value? v) => v switch
        {
            null => "<undefined>",
            NullValue => "<no value>",
            _ => GoValue(v),
        };

        /// <summary>OPA hands the template Go values, so collections print as fmt's %v does: [a b] and map[k:v].</summary>
        private static string GoValue(Value v) => v switch
        {
            NullValue => "<nil>",
            ArrayValue a => "[" + string.Join(' ', a.AsList().Select(GoValue)) + "]",
            SetValue s => "[" + string.Join(' ', s.Items.ToArray().Select(GoValue)) + "]",
            ObjectValue o => "map[" + string.Join(' ', Enumerable.Range(0, o.Count).Select(i => GoValue(o.Keys[i]) + ":" + GoValue(o.Values[i]))) + "]",
            _ => Sprintf.Plain(v),
        };
    }
}
