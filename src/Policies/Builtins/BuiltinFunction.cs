using GitOpsFleet.Policies.Values;

namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// A builtin's implementation. Returns the result, or <c>null</c> for "undefined". Reports bad
/// operands and failures by throwing <see cref="BuiltinException"/> (see <see cref="Args"/>).
/// The <paramref name="args"/> array belongs to the caller: do not keep it.
/// </summary>
internal delegate Value? BuiltinFunction(BuiltinContext ctx, Value[] args);

/// <summary>A builtin that yields several results (a relation, such as <c>walk</c>).</summary>
internal delegate IEnumerable<Value> BuiltinRelation(BuiltinContext ctx, Value[] args);
