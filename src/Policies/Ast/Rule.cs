using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Ast;

/// <summary>A rule as written; the compiler fills in its data path and frame size.</summary>
internal sealed class Rule(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    public Module? Module { get; set; }

    public bool IsDefault { get; set; }

    public RuleKind Kind { get; set; }

    /// <summary>The head reference as written: first the name, then path operands.</summary>
    public required Term[] Head { get; set; }

    public Term[]? Args { get; set; }

    /// <summary>The value (single-value and functions) or the element (multi-value).</summary>
    public Term? Value { get; set; }

    public List<Expr> Body { get; set; } = [];

    public Rule? Else { get; set; }

    /// <summary>The rule had an explicit body (<c>if</c> or braces).</summary>
    public bool HasBody { get; set; }

    /// <summary>Full ground path in data (package + static part of the head).</summary>
    public string[] Path { get; set; } = [];

    /// <summary>Head operands after <see cref="Path"/> (variables or computed keys).</summary>
    public Term[] Tail { get; set; } = [];

    /// <summary>Number of variable slots the rule's frame needs (set by the compiler).</summary>
    public int SlotCount { get; set; }

    /// <summary>The METADATA annotations attached to the rule, if any.</summary>
    public Values.Value? Annotations { get; set; }

    public string Name => Head[0] is VarTerm v ? v.Name : "?";
}
