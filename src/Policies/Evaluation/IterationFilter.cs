using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>
/// <c>some x in xs</c> followed by <c>x.a.b == "c"</c>: the members whose field holds the constant can be
/// found through an index built once per evaluation and collection, instead of testing every member in
/// every rule. The literal itself still runs on each selected member, so results are unchanged.
/// </summary>
internal sealed class IterationFilter(Value[] path, Value constant, string indexName)
{
    public Value[] Path { get; } = path;

    public Value Constant { get; } = constant;

    /// <summary>Identifies the path among the indexes of one collection.</summary>
    public string IndexName { get; } = indexName;

    /// <summary>The filter a literal applies to the member variable in <paramref name="slot"/>, or null.</summary>
    public static IterationFilter? Of(Expr e, int slot)
    {
        if (e.Kind != ExprKind.Term || e.Negated || e.With.Count > 0 || e.Term is not CallTerm { Name: "equal", Args.Length: 2, FunctionPath: null } c)
        {
            return null;
        }

        var (a, b) = c.Args[0] is ValueTerm ? (c.Args[1], c.Args[0]) : (c.Args[0], c.Args[1]);
        if (a is not RefTerm { Head: VarTerm { Slot: var s } } r || s != slot || r.Path.Length == 0
            || b is not ValueTerm { Value: StringValue or BooleanValue } constant)
        {
            return null;
        }

        var path = new Value[r.Path.Length];
        for (var i = 0; i < path.Length; i++)
        {
            if (r.Path[i] is not ValueTerm { Value: StringValue key })
            {
                return null;
            }

            path[i] = key;
        }

        return new IterationFilter(path, constant.Value, string.Join('\u0000', path.Select(p => ((StringValue)p).Value)));
    }
}
