using GitOpsFleet.Policies.Ast;
using GitOpsFleet.Policies.Builtins;

namespace GitOpsFleet.Policies.Compilation;

/// <summary>The output of compilation: the virtual document tree and every rule set, ready to evaluate.</summary>
internal sealed class CompiledPolicy(DataNode root, List<RuleSet> ruleSets, IReadOnlyList<Module> modules, BuiltinRegistry builtins)
{
    public DataNode Root { get; } = root;

    public List<RuleSet> RuleSets { get; } = ruleSets;

    public IReadOnlyList<Module> Modules { get; } = modules;

    public BuiltinRegistry Builtins { get; } = builtins;

    public RuleSet? FindRuleSet(IReadOnlyList<string> path)
    {
        var node = Root;
        for (var i = 0; i < path.Count; i++)
        {
            if (!node.Children.TryGetValue(path[i], out node!))
            {
                return null;
            }
        }

        return node.Rules;
    }
}
