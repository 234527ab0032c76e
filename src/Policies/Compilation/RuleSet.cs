using GitOpsFleet.Policies.Ast;

namespace GitOpsFleet.Policies.Compilation;

/// <summary>All rules that define the document at one ground data path (plus their default).</summary>
internal sealed class RuleSet(string[] path, int id)
{
    public string[] Path { get; } = path;

    /// <summary>Dense id, used to index per-query caches without hashing paths.</summary>
    public int Id { get; } = id;

    public List<Rule> Rules { get; } = [];

    public Rule? Default { get; set; }

    public bool IsFunction { get; set; }

    public bool IsMultiValue { get; set; }

    /// <summary>Some rule has head operands after the ground path (partial object / ref head with vars).</summary>
    public bool HasTail { get; set; }

    public int Arity { get; set; }

    /// <summary>First-argument index for functions: rules by constant first argument (null key = not constant).</summary>
    public Dictionary<Values.Value, List<Rule>>? FirstArgIndex { get; set; }

    public List<Rule>? NonIndexedRules { get; set; }

    /// <summary>Rule index for non-functions: an input ref that rules compare with constants (<c>input.kind == "Pod"</c>).</summary>
    public Ast.RefTerm? IndexRef { get; set; }

    public Dictionary<Values.Value, List<Rule>>? RuleIndex { get; set; }

    public List<Rule>? UnindexedRules { get; set; }

    /// <summary>Whether the evaluator may inline this function (0 not yet decided, 1 yes, 2 no); a field for Volatile access.</summary>
    public int InlineState;

    public string DottedPath => "data." + string.Join('.', Path);
}
