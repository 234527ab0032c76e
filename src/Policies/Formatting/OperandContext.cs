namespace GitOpsFleet.Policies.Formatting;

/// <summary>Where a term is written, which decides whether an infix call needs parentheses.</summary>
internal enum OperandContext
{
    /// <summary>A plain position (a ref head, a variable list): no infix expected.</summary>
    Plain,

    /// <summary>A whole value (an expression, a rule value, an assignment side): an infix call stands bare.</summary>
    Value,

    /// <summary>An operand of an infix call: a nested infix call is parenthesised, as OPA writes it.</summary>
    Operand,

    /// <summary>An item of an array, set or object, or a comprehension's head: '|' must be parenthesised.</summary>
    Item,
}
