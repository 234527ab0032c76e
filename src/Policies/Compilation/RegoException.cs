using GitOpsFleet.Policies.Syntax;

namespace GitOpsFleet.Policies.Compilation;

/// <summary>A compile or evaluation error with OPA's code (rego_unsafe_var_error, eval_conflict_error, ...).</summary>
internal sealed class RegoException(string code, string message, SourceLocation? location) : Exception(message)
{
    public string Code { get; } = code;

    public SourceLocation? Location { get; } = location;

    /// <summary>OPA's text form: "file:row: code: message".</summary>
    public string FullText => Location is { Line: > 0 } l ? $"{l.File}:{l.Line}: {Code}: {Message}" : $"{Code}: {Message}";
}
