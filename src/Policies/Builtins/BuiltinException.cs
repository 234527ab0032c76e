namespace GitOpsFleet.Policies.Builtins;

/// <summary>
/// A builtin's failure, carrying OPA's error code. The evaluator prefixes the message with the
/// builtin's name ("count: operand 1 must be ...") unless <see cref="Prefixed"/> is false.
/// In non-strict mode the evaluator turns these into "undefined", as OPA does.
/// </summary>
internal sealed class BuiltinException : Exception
{
    public const string TypeErrorCode = "eval_type_error";
    public const string BuiltinErrorCode = "eval_builtin_error";

    public BuiltinException(string code, string message, bool prefixed = true)
        : base(message)
    {
        Code = code;
        Prefixed = prefixed;
    }

    public string Code { get; }

    public bool Prefixed { get; }

    /// <summary>Fails the query even in non-strict mode (e.g. a builtin that is switched off must say so, not read as undefined).</summary>
    public bool Halts { get; init; }

    /// <summary>An operand of the wrong type (<c>eval_type_error</c>).</summary>
    public static BuiltinException Type(string message) => new(TypeErrorCode, message);

    /// <summary>Any other failure of the builtin (<c>eval_builtin_error</c>).</summary>
    public static BuiltinException Error(string message) => new(BuiltinErrorCode, message);
}
