using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Evaluation;

/// <summary>
/// What a <c>with</c> can change: input, data overrides and function replacements, plus the rule
/// caches valid under exactly those (a new environment starts with empty caches, as in OPA).
/// </summary>
internal sealed class EvalEnv(Value? input, OverrideNode? data, Dictionary<string, FunctionReplacement>? functions, int ruleSetCount)
{
    public Value? Input { get; } = input;

    public OverrideNode? Data { get; } = data;

    public Dictionary<string, FunctionReplacement>? Functions { get; } = functions;

    public Value?[] RuleValues { get; } = new Value?[ruleSetCount];

    /// <summary>0 = not evaluated, 1 = in progress, 2 = done.</summary>
    public byte[] RuleState { get; } = new byte[ruleSetCount];

    private readonly Dictionary<FunctionCacheKey, Value?>?[] _functionCaches = new Dictionary<FunctionCacheKey, Value?>?[ruleSetCount];

    /// <summary>
    /// The memo of one function. One table per function keeps each table small: a single shared table over
    /// a large fleet grows past the large-object threshold and costs a full collection per query.
    /// </summary>
    public Dictionary<FunctionCacheKey, Value?> FunctionCache(int ruleSet) => _functionCaches[ruleSet] ??= new();
}
