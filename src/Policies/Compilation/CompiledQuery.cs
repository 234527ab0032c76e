using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Compilation;

/// <summary>A compiled query body and the user-visible variables it binds.</summary>
internal sealed class CompiledQuery(List<Expr> body, int slotCount, IReadOnlyList<KeyValuePair<string, int>> outputVars, int[] expressionSlots, string[] expressionTexts)
{
    public List<Expr> Body { get; } = body;

    public int SlotCount { get; } = slotCount;

    /// <summary>Named (non-generated) variables in first-appearance order, with their slots.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> OutputVars { get; } = outputVars;

    /// <summary>Per written query expression: the slot holding its value, or -1 when its value is just true.</summary>
    public int[] ExpressionSlots { get; } = expressionSlots;

    public string[] ExpressionTexts { get; } = expressionTexts;
}
