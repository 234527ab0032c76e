namespace GitOpsFleet.Scripting.Sandbox;

/// <summary>
/// Thrown into a script when a budget runs out. Scripts cannot name this type (it is not on the allow-list), and the
/// rewriter adds a filter to every catch clause that refuses to catch anything once a budget ran out, so it always
/// reaches the engine.
/// </summary>
internal sealed class ScriptBudgetExceededException(string reason) : Exception(reason);
